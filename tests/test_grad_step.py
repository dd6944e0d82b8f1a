"""``grad --step``: the gradient cells one screen at a time, as the terminal trace writes them."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rich.console import Console

import convtrace
from convtrace.cli import main
from convtrace.engine import run
from convtrace.engine.grad import run_grad
from convtrace.step.grad import GradStepView, grad_walk
from convtrace.step.state import next_state, start


def screen(view, state) -> str:
    console = Console(file=io.StringIO(), width=80, height=24, color_system=None)
    console.print(view.frame(state))
    return console.file.getvalue()


def test_the_walk_goes_through_bias_weights_and_input():
    trace = run_grad(run(convtrace.load_task("seed")))
    walk = grad_walk(trace)
    assert walk.cols == 1 + 27 + 75
    view = GradStepView(trace, walk, plain=True)
    state = start(walk)
    assert screen(view, state).startswith("Gradient of the biases · step 1 of 103")
    for _ in range(10):
        state = next_state(state, "right", walk)
    weights = screen(view, state)
    assert weights.startswith("Gradient of the weights · step 11 of 103")
    assert "[0] 3 [0] 0 [0] 2" in weights  # the window boxed in the padded input
    last = screen(view, next_state(state, "end", walk))
    assert "Gradient of the input · step 103 of 103" in last and "∂L/∂x[2, 4, 4]" in last


def test_step_without_a_terminal_is_one_line():
    result = CliRunner().invoke(main, ["grad", "seed", "--step"])
    assert result.exit_code == 2
    assert result.stderr.startswith("convtrace: --step needs an interactive terminal")
