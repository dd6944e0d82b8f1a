"""The web page in a real browser: Playwright for Python drives the system's chromium.

One browser for the module; each test opens a page from a ``file://`` URL, fails on any request
that is not a file and on any script error or console error.
"""

from __future__ import annotations

import shutil

import pytest

import convtrace
from convtrace.export import write_export
from convtrace.numbers import UNICODE
from convtrace.solution.cells import cell_rows
from tests.conftest import SAMPLES

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip(
        "playwright is not installed (pip install -e '.[browser]')", allow_module_level=True
    )

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (Debian package chromium)", allow_module_level=True)

#: No browser is downloaded: the system's chromium, without a sandbox (CI runs as root),
#: a GPU or any of its own network traffic.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A page opened from a file, with everything that went wrong on the way."""

    def __init__(self, browser, path) -> None:
        self.problems: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.page.route("**/*", self.route)
        self.page.on("request", self.request)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("console", self.console)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(".ct-now li")

    def route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.problems.append(f"request left the page: {route.request.url}")
            route.abort()

    def request(self, request):
        if not request.url.startswith("file:"):
            self.problems.append(f"request: {request.url}")

    def console(self, message):
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector)

    def lines(self, where: str = ".ct-now") -> list[str]:
        return [
            t.strip() for t in self.page.locator(f"{where} .ct-work .ct-text").all_inner_texts()
        ]

    def close(self) -> None:
        self.page.close()
        assert self.problems == []


@pytest.fixture
def open_page(browser, tmp_path):
    opened = []

    def open_(trace, name="page.html", **options):
        path = tmp_path / name
        write_export(trace, path, **options)
        page = Opened(browser, path)
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.close()


@pytest.fixture(scope="module")
def seed():
    return convtrace.trace(SAMPLES / "seed.json")


def marked(page, selector: str) -> list[tuple[int, int]]:
    """Which (row, col) of a table carry a class."""
    found = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector), (td) =>
            [td.parentElement.sectionRowIndex, td.cellIndex - 1])""",
        selector,
    )
    return [tuple(at) for at in found]


def test_stepping_through_the_seed(open_page, seed, tmp_path):
    page = open_page(seed)
    assert page.text(".ct-now .ct-label") == "o[0, 0, 0]"
    assert page.lines()[-1] == "0 + 7 + (−5) + 1 = 3"
    assert page.lines()[0] == "[0·1 + 0·0 + 0·(−1)] + [0·0 + 1·0 + 1·0] + [0·(−1) + 2·0 + 0·1] = 0"
    window = {(r, c) for r in range(3) for c in range(3)}
    assert set(marked(page.page, 'table[data-x="0"] td.ct-blk')) == window
    assert marked(page.page, "table[data-o] td.ct-cur") == [(0, 0)]

    page.page.keyboard.press("ArrowRight")
    assert page.text(".ct-now .ct-label") == "o[0, 0, 1]"
    assert page.lines()[-1] == "3 + 2 + 1 + 1 = 7"
    assert set(marked(page.page, 'table[data-x="2"] td.ct-blk')) == {
        (r, c) for r in range(3) for c in range(2, 5)
    }
    assert marked(page.page, 'table[data-o] td[aria-current="true"]') == [(0, 1)]
    assert page.text(".ct-at") == "o[0, 0, 1]"

    page.page.keyboard.press("ArrowLeft")
    assert page.lines()[-1] == "0 + 7 + (−5) + 1 = 3"
    page.page.keyboard.press("End")
    assert page.lines()[-1] == "1 + 7 + 4 + 1 = 13"
    assert page.page.is_disabled("button[data-go=next]")
    page.page.keyboard.press("n")  # the walk stops at the last cell
    assert page.text(".ct-now .ct-label") == "o[0, 2, 2]"
    page.page.keyboard.press("Home")
    assert page.text(".ct-now .ct-label") == "o[0, 0, 0]"

    page.page.click('table[data-o="0"] tbody tr:nth-child(2) td:nth-of-type(1)')  # o[0, 1, 0]
    assert page.text(".ct-now .ct-label") == "o[0, 1, 0]"
    assert page.lines()[-1] == "1 + (−2) + 17 + 1 = 17"

    page.page.hover('.ct-now li[data-c="1"] .ct-pr[data-p="4"]')  # G: the window's centre
    assert marked(page.page, 'table[data-x="1"] td.ct-hl') == [(3, 1)]
    assert marked(page.page, 'table[data-w="0,1"] td.ct-hl') == [(1, 1)]
    assert page.text('.ct-now li[data-c="1"] .ct-pr.ct-hl') == "1·4"
    page.page.mouse.move(0, 0)
    page.page.focus('.ct-now li[data-c="2"] .ct-pr[data-p="0"]')  # the keyboard marks them too
    assert marked(page.page, 'table[data-x="2"] td.ct-hl') == [(2, 0)]
    assert marked(page.page, 'table[data-w="0,2"] td.ct-hl') == [(0, 0)]

    page.page.evaluate("fetch('https://example.com/').catch(() => null)")  # the watch works:
    page.page.wait_for_timeout(50)
    assert any("example.com" in problem for problem in page.problems)  # refused and reported
    page.problems.clear()

    shot = tmp_path / "seed.png"
    page.page.screenshot(path=shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_show_all_and_print_list_every_cell(open_page, seed, tmp_path):
    page = open_page(seed)
    page.page.check(".ct-show-all")
    page.page.wait_for_function("document.querySelectorAll('.ct-all article').length === 9")
    assert page.lines(".ct-all") == [line.text() for work in works(seed) for line in work.lines]
    assert not page.page.is_visible(".ct-now")
    page.page.keyboard.press("ArrowRight")
    assert page.text(".ct-all article.ct-here .ct-label") == "o[0, 0, 1]"

    printed = open_page(seed, name="print.html")
    printed.page.pdf(path=tmp_path / "seed.pdf")  # "beforeprint": every cell is made
    printed.page.emulate_media(media="print")
    assert printed.page.locator(".ct-all article").count() == 9
    assert printed.page.is_visible(".ct-all article >> nth=8")
    assert not printed.page.is_visible(".ct-controls")
    assert not printed.page.is_visible(".ct-now")


def works(trace):
    """The worked solution's cells, in order."""
    for row in cell_rows(trace, UNICODE, UNICODE):
        yield from row


def test_a_worksheet_reveals_its_blanks(open_page, seed):
    page = open_page(seed, worksheet=True)
    assert page.lines()[-1] == "___reveal + ___reveal + ___reveal + 1 = ___reveal"
    page.page.click(".ct-now li:last-child .ct-reveal >> nth=2")
    assert page.lines()[-1] == "___reveal + ___reveal + (−5) + 1 = ___reveal"
    assert page.page.locator(".ct-now .ct-reveal").count() == 6
    page.page.focus(".ct-now .ct-reveal >> nth=0")  # a button: the keyboard reveals too
    page.page.keyboard.press("Enter")
    assert page.lines()[0].endswith("= 0")


@pytest.mark.parametrize("sample", ["cs231n", "depthwise", "signal", "rect"])
def test_samples_show_the_worked_solutions_lines(open_page, sample):
    trace = convtrace.trace(SAMPLES / f"{sample}.json")
    page = open_page(trace, name=f"{sample}.html")
    page.page.check(".ct-show-all")
    count = len(trace)
    page.page.wait_for_function(f"document.querySelectorAll('.ct-all article').length === {count}")
    shown = page.page.locator(".ct-all .ct-work li").all_inner_texts()
    expected = [
        "".join(text for _, text in line.caption) + ": " + line.lead + line.text()
        for work in works(trace)
        for line in work.lines
    ]
    assert [line.strip() for line in shown] == expected
