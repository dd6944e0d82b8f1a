"""Files (JSON, CSV, standard input) and plain Python data → :class:`~convtrace.task.Task`.

Every error names its place: the file, then a JSON path (``filters[0].weights.G``) or a CSV line.
Loaders never print. By format and by step:

* :mod:`.text`: reading a file or standard input (encodings, missing files);
* :mod:`.json_file`, :mod:`.csv_file`: the two formats;
* :mod:`.arrays`: numbers and matrices, validated over whole arrays;
* :mod:`.volumes`: input volumes and filters from JSON-like data, kernel names;
* :mod:`.documents`: a task document's keys; :mod:`.files`: a task from files.
"""

from __future__ import annotations

from ..errors import describe
from .arrays import as_array, as_number, check_size, nesting_depth
from .csv_file import csv_blocks, read_csv_blocks
from .documents import OPTION_KEYS, TASK_KEYS, task_from_data, with_biases
from .files import load_task, read_kernel_file, read_task_file, read_volume_file
from .json_file import parse_json, read_json
from .layers import model_from_data, then_layer
from .text import STDIN, decode_text, read_text, source_name
from .volumes import (
    FILTER_KEYS,
    match_kernel_names,
    parse_filter,
    parse_filters,
    parse_volume,
    refuse_unknown,
)

__all__ = [
    "FILTER_KEYS",
    "OPTION_KEYS",
    "STDIN",
    "TASK_KEYS",
    "as_array",
    "as_number",
    "check_size",
    "csv_blocks",
    "decode_text",
    "describe",
    "load_task",
    "match_kernel_names",
    "model_from_data",
    "nesting_depth",
    "parse_filter",
    "parse_filters",
    "parse_json",
    "parse_volume",
    "read_csv_blocks",
    "read_json",
    "read_kernel_file",
    "read_task_file",
    "read_text",
    "read_volume_file",
    "refuse_unknown",
    "source_name",
    "task_from_data",
    "then_layer",
    "with_biases",
]
