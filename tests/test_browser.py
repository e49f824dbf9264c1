"""The real corpus courses, built as decks and driven in headless Chromium.

The expected deck comes from :mod:`gridspec` (the dialect page read on the
Markdown text), never from our parser; the actual one from the live
``Reveal`` API. Every request leaving ``file://`` is aborted and recorded:
only the theme's Google Fonts and URLs the author wrote in the course may be
asked for.

Needs Debian's Chromium at ``/usr/bin/chromium`` and Playwright for Python
(``playwright install`` is never run). Without them the tests skip, unless
``GH_REVEAL_REQUIRE_BROWSER=1``, where they fail.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from conftest import run_module
from gridspec import DeckSpec, expand_includes, expected_deck, strip_front_matter

pytestmark = pytest.mark.browser

COURSES = ("docker-cluster-2018", "gh-reveal-intro")
#: Hosts the reveal.js themes (``sky``…) ``@import`` their fonts from.
GOOGLE_FONTS = ("fonts.googleapis.com", "fonts.gstatic.com")
PLUGINS = ("notes", "highlight", "zoom")
#: http(s) URLs as an author writes them in Markdown, HTML or a script string.
_URL = re.compile(r"https?://[^\s\"'<>()\[\]{}`|\\]+")
TIMEOUT = 15_000  # ms


# --------------------------------------------------------------------------
# Browser and build


@pytest.fixture(scope="module")
def _site_cache(tmp_path_factory) -> dict:
    """The module's one build, made on first use (see :func:`site`)."""
    return {"root": tmp_path_factory.mktemp("browser-site")}


@dataclass
class Site:
    src: Path
    out: Path


@pytest.fixture
def site(corpus: Path, _site_cache: dict) -> Site:
    """A project holding copies of the corpus courses, built with ``-b revealjs`` once."""
    if "site" not in _site_cache:
        root: Path = _site_cache["root"]
        src, out = root / "src", root / "out"
        (src / "data").mkdir(parents=True)
        for course in COURSES:
            shutil.copyfile(corpus / f"{course}.md", src / f"{course}.md")
        shutil.copyfile(corpus / "data" / "swarm.png", src / "data" / "swarm.png")
        (src / "conf.py").write_text(
            'extensions = ["sphinx_gh_reveal"]\nexclude_patterns = ["_build"]\n', encoding="utf8"
        )
        toctree = "\n".join(COURSES)
        (src / "index.md").write_text(
            f"# Courses\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf8"
        )
        result = run_module("sphinx", "-b", "revealjs", "-q", src, out)
        _site_cache["site"] = Site(src, out)
        _site_cache["build"] = result
    result = _site_cache["build"]
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stdout}\n{result.stderr}"
    return _site_cache["site"]


# --------------------------------------------------------------------------
# A deck open in a page, with everything it asked for and complained about


def _normal(url: str) -> str:
    """A URL as the browser would ask for it (lower-case host, ``/`` for no path)."""
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


def author_urls(text: str) -> set[str]:
    """Every http(s) URL written literally in the course text (normalised)."""
    return {_normal(url.rstrip(".,;:!?")) for url in _URL.findall(text)}


@dataclass
class Deck:
    course: str
    page: object
    text: str
    """The course's Markdown, includes expanded, front matter removed."""
    spec: DeckSpec
    requests: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    """(text, url of the source) of each console message of type ``error``."""
    page_errors: list[str] = field(default_factory=list)

    def evaluate(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def go_to_element(self, selector: str) -> dict:
        """Show the (vertical) slide holding ``selector``; its indices."""
        indices = self.evaluate(
            """selector => {
                const element = document.querySelector(selector);
                if (!element) return null;
                const indices = Reveal.getIndices(element.closest('section'));
                Reveal.slide(indices.h, indices.v);
                return indices;
            }""",
            selector,
        )
        assert indices is not None, f"{self.course}: no element matches {selector!r}"
        self.page.wait_for_function(
            "selector => Reveal.getCurrentSlide().contains(document.querySelector(selector))",
            arg=selector,
            timeout=TIMEOUT,
        )
        return indices

    def visit_every_slide(self) -> None:
        """Show each vertical slide in turn (so fonts and media get asked for)."""
        self.page.evaluate(
            """async () => {
                const frame = () => new Promise(done => requestAnimationFrame(done));
                const stacks = Reveal.getHorizontalSlides();
                for (let h = 0; h < stacks.length; h++) {
                    const count = stacks[h].querySelectorAll(':scope > section').length || 1;
                    for (let v = 0; v < count; v++) { Reveal.slide(h, v); await frame(); }
                }
                Reveal.slide(0, 0);
                await document.fonts.ready;
            }"""
        )
        self.page.wait_for_load_state("load")


@pytest.fixture
def open_deck(browser, site: Site):
    """Open a course's deck (``query`` appended to its URL) in a fresh page."""
    contexts = []

    def open_(course: str, query: str = "") -> Deck:
        source = site.src / f"{course}.md"
        raw = source.read_text(encoding="utf8")
        text = expand_includes(strip_front_matter(raw), source.parent)
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        contexts.append(context)
        page = context.new_page()
        deck = Deck(course, page, text, expected_deck(raw, source.parent))

        def route(route) -> None:
            url = route.request.url
            deck.requests.append(url)
            if _is_local(url):
                route.continue_()
            else:
                deck.aborted.append(url)
                route.abort()

        page.route("**/*", route)
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and deck.console_errors.append((message.text, message.location.get("url", "")))
            ),
        )
        page.on(
            "pageerror", lambda error: deck.page_errors.append(f"{error.name}: {error.message}")
        )
        page.goto((site.out / f"{course}.html").as_uri() + query, wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
        return deck

    yield open_
    for context in contexts:
        context.close()


# --------------------------------------------------------------------------
# The deck's structure


@pytest.mark.parametrize("course", COURSES)
def test_slide_grid(open_deck, course: str) -> None:
    deck = open_deck(course)
    verticals = deck.evaluate(
        """() => Reveal.getHorizontalSlides().map(
            stack => stack.querySelectorAll(':scope > section').length || 1)"""
    )
    assert len(verticals) == deck.spec.horizontal, (course, verticals, deck.spec.verticals)
    assert verticals == deck.spec.verticals
    assert deck.evaluate("() => Reveal.getTotalSlides()") == sum(deck.spec.verticals)


@pytest.mark.parametrize("course", COURSES)
def test_fragments_and_notes(open_deck, course: str) -> None:
    deck = open_deck(course)
    fragments = deck.evaluate("() => document.querySelectorAll('.reveal .slides .fragment').length")
    notes = deck.evaluate("() => document.querySelectorAll('.reveal .slides aside.notes').length")
    assert (fragments, notes) == (deck.spec.fragments, deck.spec.notes)


@pytest.mark.parametrize("course", COURSES)
def test_every_id_is_reachable(open_deck, course: str) -> None:
    deck = open_deck(course)
    assert deck.spec.ids, f"{course} has §id markers"
    missed = []
    for slide_id in deck.spec.ids:
        deck.evaluate("id => { location.hash = '#/' + id; }", slide_id)
        try:
            deck.page.wait_for_function(
                "id => Reveal.getCurrentSlide() && Reveal.getCurrentSlide().id === id",
                arg=slide_id,
                timeout=5_000,
            )
        except Exception:  # noqa: BLE001 - report what was shown instead
            shown = deck.evaluate("() => [Reveal.getCurrentSlide()?.id, Reveal.getIndices()]")
            missed.append((slide_id, shown))
    assert not missed, (
        f"#/ID did not show the slide with that id (id, [shown id, indices]): {missed}"
    )


# --------------------------------------------------------------------------
# Around the slides


@pytest.mark.parametrize("course", COURSES)
def test_plugins_are_registered(open_deck, course: str) -> None:
    deck = open_deck(course)
    registered = {name: deck.evaluate("name => Reveal.hasPlugin(name)", name) for name in PLUGINS}
    assert registered == dict.fromkeys(PLUGINS, True)


@pytest.mark.parametrize("course", COURSES)
def test_font_awesome_icons_render_from_file(open_deck, course: str) -> None:
    deck = open_deck(course)
    deck.go_to_element(".reveal .slides i.fa.fa-github")
    deck.page.evaluate("() => document.fonts.ready.then(() => null)")
    icon = deck.evaluate(
        """() => {
            const icon = Reveal.getCurrentSlide().querySelector('i.fa.fa-github');
            const family = getComputedStyle(icon).fontFamily;
            const glyph = getComputedStyle(icon, '::before').content;
            const loaded = [...document.fonts]
                .filter(face => face.status === 'loaded')
                .map(face => face.family.replace(/["']/g, ''));
            return {family, glyph, width: icon.getBoundingClientRect().width, loaded};
        }"""
    )
    assert "Font Awesome" in icon["family"], icon
    assert icon["width"] > 0, icon
    assert icon["glyph"] not in ("none", "normal", '""'), icon
    # The face the icon uses did load (not a fallback font drawing a box).
    assert any(face in icon["family"] for face in icon["loaded"]), icon
    webfonts = [url for url in deck.requests if re.search(r"\.(woff2?|ttf)(\?|$)", url)]
    fa_fonts = [url for url in webfonts if "fa-" in url.rsplit("/", 1)[-1]]
    assert fa_fonts, f"no Font Awesome webfont was requested: {webfonts}"
    assert all(url.startswith("file://") for url in fa_fonts), fa_fonts


@pytest.mark.parametrize("course", COURSES)
def test_only_theme_fonts_and_author_urls_leave_the_machine(open_deck, course: str) -> None:
    deck = open_deck(course)
    deck.visit_every_slide()
    allowed = author_urls(deck.text)
    unexpected = [
        url
        for url in deck.aborted
        if urlsplit(url).hostname not in GOOGLE_FONTS and _normal(url) not in allowed
    ]
    assert not unexpected, f"requests the course did not ask for: {unexpected}"


@pytest.mark.parametrize("course", COURSES)
def test_no_console_errors_but_blocked_urls(open_deck, course: str) -> None:
    deck = open_deck(course)
    deck.visit_every_slide()
    blocked = set(deck.aborted)
    unexplained = [
        (text, source)
        for text, source in deck.console_errors
        if source not in blocked and not any(url in text for url in blocked)
    ]
    assert not unexplained, f"console errors: {unexplained}"
    # Includes the intro's inline "Fork me" script: it must run cleanly.
    assert not deck.page_errors, f"uncaught exceptions: {deck.page_errors}"


@pytest.mark.parametrize("course", COURSES)
def test_print_pdf_view(open_deck, course: str) -> None:
    deck = open_deck(course, "?print-pdf")
    # reveal.js 5 adds "reveal-print" and "print-pdf" to <html> once laid out.
    deck.page.wait_for_function(
        "() => document.documentElement.classList.contains('print-pdf')", timeout=TIMEOUT
    )
    assert deck.evaluate("() => Reveal.isPrintView()") is True
    # Then it lays the slides out as pages (one at least per vertical slide).
    slides = sum(deck.spec.verticals)
    try:
        deck.page.wait_for_function(
            "n => document.querySelectorAll('.reveal .slides .pdf-page').length >= n",
            arg=slides,
            timeout=TIMEOUT,
        )
    except Exception:  # noqa: BLE001 - say how many there were
        pages = deck.evaluate("() => document.querySelectorAll('.reveal .slides .pdf-page').length")
        pytest.fail(f"{course}: {pages} print pages for {slides} slides")


def test_image_click_opens_lightbox(open_deck) -> None:
    deck = open_deck("docker-cluster-2018")
    image = ".reveal .slides img[src*=swarm]"
    deck.go_to_element(image)
    deck.page.click(image)
    overlay = deck.page.wait_for_selector(".reveal .r-overlay", timeout=5_000)
    assert overlay is not None
    deck.page.wait_for_function(
        "() => ['loaded', 'error'].includes(document.querySelector('.r-overlay').dataset.state)",
        timeout=TIMEOUT,
    )
    shown = deck.evaluate(
        """() => {
            const overlay = document.querySelector('.r-overlay');
            const img = overlay.querySelector('img');
            return {state: overlay.dataset.state, src: img && img.src};
        }"""
    )
    assert shown["state"] == "loaded", shown
    assert shown["src"].startswith("file://") and shown["src"].endswith("swarm.png"), shown
    # A click on the overlay closes it.
    deck.page.click(".reveal .r-overlay")
    deck.page.wait_for_selector(".reveal .r-overlay", state="detached", timeout=5_000)
