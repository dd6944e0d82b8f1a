"""``run --step`` on chains: one long row of steps through every layer's cells, each screen the
cell as the terminal trace writes it."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rich.console import Console

import convtrace
from convtrace.cli import main
from convtrace.step.chain import ChainStepView, chain_walk, step_of
from convtrace.step.state import next_state, start


def screen(view, state) -> str:
    console = Console(file=io.StringIO(), width=80, height=24, color_system=None)
    console.print(view.frame(state))
    return console.file.getvalue()


def test_the_walk_goes_through_every_layer_in_turn():
    trace = convtrace.trace("seed", then=["relu", "maxpool:2"])
    walk = chain_walk(trace)
    assert walk.cols == 9 + 9 + 1
    view = ChainStepView(trace, walk, plain=True)
    state = start(walk)
    first = screen(view, state)
    assert first.startswith("Layer 1 of 3: convolution · cell 1 of 9 · step 1 of 19")
    assert "o1[0, 0, 0] = 0 + 7 + (−5) + 1 = 3" in first
    for _ in range(13):
        state = next_state(state, "right", walk)
    relu = screen(view, state)
    assert relu.startswith("Layer 2 of 3: ReLU · cell 5 of 9 · step 14 of 19")
    assert "o2[0, 1, 1] = max(0, −7) = 0" in relu
    last = screen(view, next_state(state, "end", walk))
    assert "Layer 3 of 3: max pooling 2×2, stride 2 · cell 1 of 1" in last
    assert "[17   0]  1" in last and "o3[0, 0, 0] = max(3, 7, [17], 0) = 17" in last
    assert "→ next cell  ← back" in last


def test_a_cell_is_found_by_its_layer():
    trace = convtrace.trace("seed", then=["relu", "maxpool:2"])
    assert step_of(trace, 1, (0, 0, 0)) == 0
    assert step_of(trace, 2, (0, 1, 1)) == 13
    assert step_of(trace, 3, (0, 0, 0)) == 18
    scatter = convtrace.trace("upsample")
    view = ChainStepView(scatter, chain_walk(scatter), plain=True)
    text = screen(view, start(chain_walk(scatter), (0, 0, step_of(scatter, 1, (0, 1, 0)))))
    assert "x[0, 1, 0]   step 3 of 4" in text and "[0  2] 0  0" in text


def test_step_on_a_chain_needs_a_terminal_and_no_fine():
    result = CliRunner().invoke(main, ["run", "chain", "--step", "--cell", "2:0,0,0"])
    assert result.exit_code == 2
    assert "use --cell L:K,I,J" in result.stderr
    fine = CliRunner().invoke(main, ["run", "chain", "--step", "--fine"])
    assert fine.stderr.startswith("convtrace: --fine walks a single convolution's products")
