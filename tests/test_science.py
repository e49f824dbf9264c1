"""Science and programming courses: math typeset offline, code steps, a course's own look.

The test roots ``science`` (a physics course with math, a code walkthrough)
and ``science-bad`` (front matter and steps that cannot be used) are built
once per module with ``-b revealjs`` and ``-b html`` (decks alongside), and
the documentation's two example courses once with each builder. The HTML is
read with BeautifulSoup; the browser tests open the three outputs (deck,
deck alongside under ``slides/``, course page) with every request outside
``file://`` aborted and failing the test.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

from sphinx_gh_reveal.cli.pdf import PAGE_SCRIPT

from conftest import ROOTS, run_module

DOCS = Path(__file__).resolve().parents[1] / "docs"
TIMEOUT = 20_000  # ms
MATHJAX = "_static/gh-reveal/mathjax/tex-svg-full.js"


@dataclass
class Built:
    src: Path
    out: Path
    warnings: str

    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.out / page).read_text("utf8"), "html.parser")


def _build(src: Path, out: Path, builder: str, *options: str) -> Built:
    result = run_module("sphinx", "-b", builder, "-q", *options, src, out)
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stdout}\n{result.stderr}"
    return Built(src, out, result.stderr)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Built]:
    """The test roots and the docs, each built once with each builder (on first use)."""
    return {"_root": tmp_path_factory.mktemp("science")}


def _get(builds: dict, name: str, builder: str) -> Built:
    key = f"{name}-{builder}"
    if key not in builds:
        root: Path = builds["_root"]
        src = DOCS if name == "docs" else root / name
        if name != "docs" and not src.exists():
            shutil.copytree(ROOTS / f"test-{name}", src)
        builds[key] = _build(src, root / "out" / key, builder, "-d", str(root / "doctrees" / key))
    return builds[key]


@pytest.fixture
def deck(builds) -> Built:
    return _get(builds, "science", "revealjs")


@pytest.fixture
def pages(builds) -> Built:
    return _get(builds, "science", "html")


def _scripts(soup: BeautifulSoup) -> list[str]:
    return [tag["src"].split("?")[0] for tag in soup.find_all("script", src=True)]


# --------------------------------------------------------------------------
# Math: which engine each page loads


@pytest.mark.parametrize("output", ["deck", "alongside", "page", "singlehtml"])
def test_course_with_math_loads_the_bundled_mathjax_only(builds, deck, pages, output) -> None:
    if output == "singlehtml":  # its one page holds the courses
        built, page = _get(builds, "science", "singlehtml"), "index.html"
    else:
        built, page = {
            "deck": (deck, "physics.html"),
            "alongside": (pages, "slides/physics.html"),
            "page": (pages, "physics.html"),
        }[output]
    scripts = _scripts(built.soup(page))
    assert MATHJAX in scripts
    assert scripts.index("_static/gh-reveal/gh-reveal-mathjax.js") < scripts.index(MATHJAX)
    assert not [s for s in scripts if "://" in s], scripts
    folder = (built.out / page).parent
    assert (folder / MATHJAX).is_file()
    assert (folder / "_static/gh-reveal/mathjax/input/tex/extensions/cancel.js").is_file()


def test_other_pages_keep_the_projects_mathjax(pages) -> None:
    scripts = _scripts(pages.soup("index.html"))
    assert MATHJAX not in scripts
    assert any(s.startswith("https://") and "mathjax" in s for s in scripts), scripts


def test_course_without_math_loads_no_mathjax(deck) -> None:
    assert not [s for s in _scripts(deck.soup("walkthrough.html")) if "mathjax" in s.lower()]


def test_dollar_math_in_courses_as_kramdown_read_it(pages) -> None:
    soup = pages.soup("physics.html")
    inline = [span.get_text() for span in soup.select("span.math")]
    assert r"\(e^{i\pi} + 1 = 0\)" in inline
    # $$...$$ inside a sentence is inline, and the paragraph stays whole.
    assert r"\(\omega = 2\pi f\)" in inline
    sentence = soup.find(string=re.compile("Euler")).find_parent("p")
    assert "kramdown" in sentence.get_text() and sentence.find("div") is None
    assert any("E = mc^2" in div.get_text() for div in soup.select("div.math"))
    assert "it costs $5, or $10 with tax" in soup.get_text()
    assert r"\(\lambda = c / f\)" in inline  # in the notes


def test_pages_that_are_not_courses_keep_their_dollars(pages) -> None:
    soup = pages.soup("index.html")
    assert "$x$ stays text" in soup.get_text() and not soup.select("span.math")


def test_dollar_math_can_be_turned_off(tmp_path) -> None:
    src = _root_with(tmp_path, "gh_reveal_dollar_math = False")
    built = _build(src, tmp_path / "out", "html")
    soup = built.soup("physics.html")
    assert r"$e^{i\pi} + 1 = 0$" in soup.get_text()
    assert soup.select("div#equation-wave.math")  # {math} is MyST's own, always on


def _root_with(tmp_path: Path, conf: str) -> Path:
    """A copy of the ``science`` root with ``conf`` added to its conf.py."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-science", src)
    with (src / "conf.py").open("a", encoding="utf8") as file:
        file.write(conf + "\n")
    return src


def test_reveal_math_plugin_loads_nothing_from_a_cdn(tmp_path) -> None:
    src = _root_with(tmp_path, 'gh_reveal_plugins = ["notes", "math"]')
    built = _build(src, tmp_path / "out", "revealjs")
    assert "WARNING" not in built.warnings
    scripts = _scripts(built.soup("physics.html"))
    assert "_static/revealjs/plugin/notes/notes.js" in scripts
    assert not [s for s in scripts if "plugin/math" in s]
    assert "RevealMath" not in str(built.soup("physics.html"))


# --------------------------------------------------------------------------
# Code in decks


def _code_blocks(soup: BeautifulSoup) -> list:
    return soup.select("div.slides pre > code")


def test_code_options_become_reveal_line_numbers(deck) -> None:
    emphasized, steps, text, indented = _code_blocks(deck.soup("walkthrough.html"))
    assert emphasized["data-line-numbers"] == "2,4-5"
    assert "ghr-no-line-numbers" not in (emphasized.parent.get("class") or [])  # :linenos:
    assert steps["data-line-numbers"] == "1|3|4-5|6"
    assert steps["class"] == ["language-python"]
    assert "ghr-no-line-numbers" in steps.parent["class"]  # no :linenos:
    assert "def fib(n):" in steps.get_text()  # the included file
    for plain in (text, indented):
        assert plain["class"] == ["nohighlight"] and not plain.has_attr("data-line-numbers")


def test_pages_show_emphasized_lines(pages) -> None:
    soup = pages.soup("walkthrough.html")
    assert len(soup.select("div.highlight-python span.hll")) == 3


def test_bad_steps_and_bad_style_keys_are_located_warnings(builds) -> None:
    built = _get(builds, "science-bad", "revealjs")
    # Sphinx colours its warnings where CI=true is set: read them plain.
    lines = [strip_colors(line) for line in built.warnings.splitlines() if "WARNING" in line]
    course = str(built.src / "course.md")

    def warned(text: str, subtype: str, line: int) -> bool:
        return any(
            printed.startswith(f"{course}:{line}:")
            and text in printed
            and f"[gh-reveal.{subtype}]" in printed
            for printed in lines
        )

    assert warned("':steps: 1|three|5'", "code", 14), lines
    assert warned("'stylesheet: ../outside.css' points outside the project", "front_matter", 1)
    assert warned("'logo: missing.png' names no file", "front_matter", 1)
    assert warned("'footer' must be text", "front_matter", 1)
    assert warned("unknown reveal.js plugin 'chalkboard'", "front_matter", 1)
    assert warned("unknown reveal.js plugin 3", "front_matter", 1)
    soup = built.soup("course.html")
    code = _code_blocks(soup)[0]
    assert not code.has_attr("data-line-numbers") and "y = 2" in code.get_text()
    assert "_static/revealjs/plugin/search/search.js" in _scripts(soup)  # the known one is kept
    assert soup.find(string=re.compile("The rest of the course builds"))


def test_unknown_project_plugins_are_dropped_one_by_one(tmp_path) -> None:
    src = _root_with(tmp_path, 'gh_reveal_plugins = ["zoom", "menu", "chalkboard"]')
    built = _build(src, tmp_path / "out", "revealjs")
    assert "unknown reveal.js plugin 'menu'" in built.warnings
    assert "unknown reveal.js plugin 'chalkboard'" in built.warnings
    assert built.warnings.count("[gh-reveal.config]") == 2
    scripts = _scripts(built.soup("walkthrough.html"))
    assert "_static/revealjs/plugin/zoom/zoom.js" in scripts
    assert not [s for s in scripts if "notes.js" in s]


# --------------------------------------------------------------------------
# A course's own look


@pytest.mark.parametrize("output", ["deck", "alongside"])
def test_course_stylesheet_footer_logo_plugins_on_the_deck(deck, pages, output) -> None:
    built, page = (deck, "physics.html") if output == "deck" else (pages, "slides/physics.html")
    soup = built.soup(page)
    folder = (built.out / page).parent
    sheets = [link["href"].split("?")[0] for link in soup.find_all("link", rel="stylesheet")]
    own = "_static/gh-reveal/course-files/style/physics.css"
    assert sheets[-1] == own and (folder / own).is_file()
    slides = soup.select("div.slides section.ghr-title-slide, div.slides section section")
    assert slides and all(
        s.find("footer", class_="ghr-footer", recursive=False).get_text() == "Physics 101 · waves"
        for s in slides
    )
    logos = {img["src"] for img in soup.select("section > img.ghr-logo")}
    assert logos == {"_static/gh-reveal/course-files/style/logo.svg"}
    assert (folder / logos.pop()).is_file()
    assert "_static/revealjs/plugin/search/search.js" in _scripts(soup)
    # The other course's deck has none of it.
    other = built.soup(page.replace("physics", "walkthrough"))
    assert own not in str(other) and not other.select(".ghr-footer")
    assert "_static/revealjs/plugin/search/search.js" not in _scripts(other)


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_deck_stylesheets_carry_the_checksum_of_what_was_copied(tmp_path, builder) -> None:
    # A first build, then an edit of the course's stylesheet: each of the deck's
    # own stylesheets is linked with the CRC of the file beside it, so a browser
    # that kept the old file in its cache fetches the new one.
    import zlib

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-science", src)
    deck = "physics.html" if builder == "revealjs" else "slides/physics.html"

    def linked() -> dict[str, str]:
        out = tmp_path / "out"
        _build(src, out, builder, "-d", str(tmp_path / "doctrees"))
        soup = BeautifulSoup((out / deck).read_text("utf8"), "html.parser")
        folder = (out / deck).parent
        checksums = {}
        for link in soup.select("link[rel=stylesheet][href*='gh-reveal/']"):
            path, _, query = link["href"].partition("?v=")
            assert query == f"{zlib.crc32((folder / path).read_bytes()):08x}", link
            checksums[path] = query
        return checksums

    first = linked()
    own = "_static/gh-reveal/course-files/style/physics.css"
    assert {own, "_static/gh-reveal/gh-reveal.css"} <= set(first)
    sheet = src / "style" / "physics.css"
    sheet.write_text(sheet.read_text("utf8") + "\nh2 { letter-spacing: 0.1em; }\n", "utf8")
    second = linked()
    assert second[own] != first[own]
    assert {k: v for k, v in second.items() if k != own} == {
        k: v for k, v in first.items() if k != own
    }


def test_course_page_keeps_the_project_style(pages) -> None:
    soup = pages.soup("physics.html")
    assert "course-files" not in str(soup) and not soup.select(".ghr-footer, .ghr-logo")
    assert not (pages.out / "_static/gh-reveal/course-files").exists()


# --------------------------------------------------------------------------
# In the browser


@pytest.fixture
def open_page(browser):
    """Open a built page with every request outside file:// aborted and recorded."""
    pages = []

    def open_(path: Path, query: str = ""):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.aborted = []
        page.errors = []

        def route(route) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                page.aborted.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        if "print-pdf" in query:  # reveal.js says when its print pages are laid out
            page.add_init_script(PAGE_SCRIPT)  # as the pdf command does
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(path.as_uri() + query)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()


_PDF_READY = "window.__ghRevealPdf.printReady"
_TYPESET = "document.documentElement.getAttribute('data-ghr-math') === 'typeset'"
_MATH_STATE = """() => ({
    formulas: document.querySelectorAll('.math').length,
    typeset: Array.from(document.querySelectorAll('.math')).filter(
        m => m.querySelector('mjx-container > svg')).length,
    errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
    raw: /\\\\\\(|\\\\\\[|\\$\\$|\\$e\\^/.test(document.body.innerText),
})"""


def _outputs(builds, name: str, course: str) -> dict[str, Path]:
    deck, pages = _get(builds, name, "revealjs"), _get(builds, name, "html")
    return {
        "deck": deck.out / f"{course}.html",
        "alongside": pages.out / "slides" / f"{course}.html",
        "page": pages.out / f"{course}.html",
    }


@pytest.mark.browser
@pytest.mark.parametrize("output", ["deck", "alongside", "page"])
@pytest.mark.parametrize(
    ("name", "course", "count"), [("science", "physics", 7), ("docs", "science-course", 24)]
)
def test_formulas_are_typeset_offline(builds, open_page, name, course, count, output) -> None:
    page = open_page(_outputs(builds, name, course)[output])
    page.wait_for_function(_TYPESET, timeout=TIMEOUT)
    state = page.evaluate(_MATH_STATE)
    assert state == {"formulas": count, "typeset": count, "errors": 0, "raw": False}
    assert page.aborted == [] and page.errors == []
    # A rendered formula has a box of its own.
    box = page.locator("mjx-container > svg").first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0


@pytest.mark.browser
def test_print_view_prints_typeset_formulas(builds, open_page) -> None:
    deck = _outputs(builds, "docs", "science-course")["deck"]
    page = open_page(deck, "?print-pdf")
    page.wait_for_function(_TYPESET, timeout=TIMEOUT)
    page.wait_for_function(_PDF_READY, timeout=TIMEOUT)
    state = page.evaluate(_MATH_STATE)
    assert state["formulas"] > 0 and state["typeset"] == state["formulas"] and not state["raw"]
    # Every formula sits on a print page, inside it.
    outside = page.evaluate("""() => Array.from(document.querySelectorAll('mjx-container'))
        .filter(m => m.getClientRects().length > 0)  // notes are hidden in this print view
        .filter(m => {
        const p = m.closest('.pdf-page'); if (!p) return true;
        const a = m.getBoundingClientRect(), b = p.getBoundingClientRect();
        return a.bottom > b.bottom + 1 || a.top < b.top - 1; }).length""")
    assert outside == 0
    assert page.aborted == []


_CODE_STATE = """selector => {
    const slide = Reveal.getCurrentSlide();
    const block = slide.querySelector(selector);
    const codes = Array.from(block.querySelectorAll('code'));
    const shown = codes.filter(
        c => !c.classList.contains('fragment') || c.classList.contains('current-fragment'));
    const current = shown[shown.length - 1];
    const lines = Array.from(current.querySelectorAll('tr.highlight-line'))
        .map(tr => Number(tr.querySelector('.hljs-ln-numbers').dataset.lineNumber));
    return {steps: codes.length, lines, numbers: getComputedStyle(
        current.querySelector('.hljs-ln-numbers')).display !== 'none'};
}"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "course", "slide", "expected", "numbers"),
    [
        ("science", "walkthrough", "steps", [[1], [3], [4, 5], [6]], False),
        ("docs", "programming-course", "steps", [[1], [2], [3, 4], [5]], True),
        ("docs", "programming-course", "real", [[1], [3], [4, 5], [6]], False),
        ("docs", "programming-course", "whole", [[1, 5]], True),
    ],
)
def test_code_steps_highlight_lines_one_fragment_each(
    builds, open_page, name, course, slide, expected, numbers
) -> None:
    page = open_page(_outputs(builds, name, course)["deck"], f"#/{slide}")
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
    seen = []
    for _ in expected:
        state = page.evaluate(_CODE_STATE, "pre")
        assert state["steps"] == len(expected) and state["numbers"] is numbers
        seen.append(state["lines"])
        page.evaluate("Reveal.nextFragment()")
    assert seen == expected
    assert page.aborted == [] and page.errors == []


@pytest.mark.browser
def test_text_blocks_are_not_coloured(builds, open_page) -> None:
    page = open_page(_outputs(builds, "docs", "programming-course")["deck"])
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
    coloured = page.evaluate("""() => Array.from(document.querySelectorAll('pre code.nohighlight'))
        .map(c => c.querySelectorAll('[class^="hljs-"]:not([class^="hljs-ln"])').length)""")
    assert coloured == [0]
    assert (
        page.evaluate("document.querySelectorAll('pre code.language-python .hljs-keyword').length")
        > 0
    )


@pytest.mark.browser
def test_pdf_command_waits_for_the_formulas(builds, open_page, tmp_path, browser) -> None:
    """The step the ``pdf`` command waits on ends only once every formula is typeset."""
    from test_cli_pdf import leaf_slides, pdf_pages

    deck = _outputs(builds, "docs", "science-course")["deck"]
    page = open_page(deck, "?print-pdf")
    page.wait_for_function(_PDF_READY, timeout=TIMEOUT)  # as the command does
    page.evaluate("() => window.__ghRevealPdf.mathTypeset()")
    state = page.evaluate(_MATH_STATE)
    assert state["formulas"] > 0 and state["typeset"] == state["formulas"]

    out = tmp_path / "science.pdf"
    result = run_module("sphinx_gh_reveal", "pdf", deck, "-o", out)
    assert result.returncode == 0, result.stderr
    assert pdf_pages(out) == len(leaf_slides(deck))


@pytest.mark.browser
def test_course_style_shows_on_the_deck(builds, open_page) -> None:
    for path in (_outputs(builds, "science", "physics")[o] for o in ("deck", "alongside")):
        page = open_page(path, "#/formulas")
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
        state = page.evaluate("""() => {
            const slide = Reveal.getCurrentSlide();
            const box = el => {
                const r = el.getBoundingClientRect();
                return [r.top, r.bottom, r.width, r.height];
            };
            const footer = slide.querySelector(':scope > .ghr-footer');
            const logo = slide.querySelector(':scope > img.ghr-logo');
            return {
                h2: getComputedStyle(slide.querySelector('h2')).color,
                footer: footer.innerText, footerBox: box(footer),
                logoBox: box(logo), logoLoaded: logo.complete && logo.naturalWidth > 0,
                viewport: window.innerHeight,
            };
        }""")
        assert state["h2"] == "rgb(0, 90, 160)"  # the course's stylesheet, after the theme
        assert state["footer"] == "Physics 101 · waves"
        for top, bottom, width, height in (state["footerBox"], state["logoBox"]):
            assert width > 0 and height > 0 and 0 <= top and bottom <= state["viewport"]
        assert state["logoLoaded"]
        assert page.aborted == [] and page.errors == []
