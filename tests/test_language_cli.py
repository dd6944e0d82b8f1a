"""The CLI's own messages in German: what an export wrote, a roster's errors, the kernels'
listing, the option errors of run, with the same exit statuses and files as in English."""

from __future__ import annotations

from click.testing import CliRunner

from convtrace.cli import main
from convtrace.homework.keys import key_title
from convtrace.language import speaking
from tests.conftest import SAMPLES

SEED = str(SAMPLES / "seed.json")


def invoke(*args):
    return CliRunner().invoke(main, [*map(str, args)])


def test_an_export_says_in_german_what_it_wrote(tmp_path):
    path = tmp_path / "x.md"
    german = invoke("run", SEED, "--export", path, "--lang", "de")
    assert german.exit_code == 0, german.output
    [line] = german.stderr.splitlines()
    assert line.startswith(f"convtrace: {path} geschrieben (")
    assert line.endswith(" kB)") and "," in line.rpartition("(")[2]  # 9,2 kB
    english = invoke("run", SEED, "--export", path, "--force")
    assert english.stderr.startswith(f"convtrace: wrote {path} (")


def test_a_roster_error_is_one_german_line(tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_text("Ada Lovelace\nAlan Turing\nAda Lovelace\n", encoding="utf-8")
    result = invoke("quiz", "--students", roster, "-o", tmp_path / "class", "--lang", "de")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"convtrace: {roster}: Zeile 3: 'Ada Lovelace' steht schon in Zeile 1: "
        "alle Studierenden nur einmal"
    ]
    assert not (tmp_path / "class").exists()


def test_an_empty_roster_in_german(tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_text("\n", encoding="utf-8")
    result = invoke("quiz", "--students", roster, "-o", tmp_path / "class", "--lang", "de")
    assert result.exit_code == 2
    assert result.stderr == f"convtrace: {roster}: keine Namen: die Teilnehmerliste ist leer\n"


def test_the_kernels_listing_names_the_other_names_in_german():
    german = invoke("kernels", "box-blur", "--lang", "de")
    english = invoke("kernels", "box-blur")
    assert german.stdout.splitlines()[0] == "box-blur  3×3  (auch: box, mean)"
    assert english.stdout.splitlines()[0] == "box-blur  3×3  (also: box, mean)"
    assert german.stdout.splitlines()[-3:] == english.stdout.splitlines()[-3:]  # the matrix


def test_a_cell_that_is_not_one_and_a_misplaced_option_in_german():
    cell = invoke("run", SEED, "--cell", "9", "--lang", "de")
    assert cell.exit_code == 2
    assert cell.stderr == "convtrace: --cell: '9' ist nicht K,I,J (Filter, Zeile, Spalte)\n"
    summary = invoke("run", SEED, "--summary", "-q", "--lang", "de")
    assert summary.exit_code == 2
    assert summary.stderr.startswith(
        "convtrace: --summary ist eine Ansicht fürs Terminal: lass --format, --export und -q weg"
    )
    assert summary.stderr.rstrip().endswith("(siehe 'convtrace run --help')")


def test_a_quiz_whose_stride_leaves_rows_unread_says_so_in_german():
    result = invoke(
        "quiz", "--size", 7, "--kernel", 3, "--stride", 3, "--padding", 0, "--lang", "de"
    )
    assert result.exit_code == 2
    assert "4/3 ist nicht ganzzahlig" in result.stderr
    assert "versuch --padding 1 oder --size 6 oder --stride 2, oder --allow-floor" in result.stderr


def test_a_class_sets_key_title_counts_in_german():
    class Set:
        seed = 7
        exercises = (None,)

    with speaking("de"):
        assert key_title(Set()) == "Lösung: 1 Aufgabe (Seed 7)"
        Set.exercises = (None, None)
        assert key_title(Set()) == "Lösung: 2 Aufgaben (Seed 7)"
    assert key_title(Set()) == "Answer key: 2 exercises (seed 7)"


def test_the_kernel_library_and_a_photos_steps_in_german():
    kernels = invoke("kernels", "sobel-x", "--lang", "de")
    assert kernels.exit_code == 0, kernels.output
    assert "positiv, wo das Bild nach rechts heller wird" in kernels.stdout.replace("\n  ", " ")
    photo = invoke(
        "run", "--image", "house", "--kernel", "sobel-x", "--gray", "--crop", "12,32,6,6",
        "--lang", "de",
    )  # fmt: skip
    assert photo.exit_code == 0, photo.output
    text = " ".join(photo.stdout.split())
    assert "house.png, 6×6 Pixel, gray" in text
    assert "96×72 Pixel; in Graustufen (L = 299/1000·R" in text
    assert "zugeschnitten auf die Spalten 12–17 und die Zeilen 32–37." in text
