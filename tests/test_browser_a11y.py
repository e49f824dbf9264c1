"""Accessible decks, checked in headless Chromium with axe-core.

axe-core comes from the ``axe-playwright-python`` wheel (its ``axe.min.js``,
the test extra), never from a CDN. Every request that leaves ``file://`` is
aborted and recorded. Decks are audited with every slide shown in turn and
all its fragments shown; what axe still reports must be in :data:`AUTHORS`,
the author's own content, with the reason.

Decks audited: the corpus courses and the docs' example course, each built
with ``-b revealjs`` and alongside an ``html`` build; plus the
``test-a11y`` root (French course, labelled icon, scrolling code, quiz).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOTS, run_module

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[1] / "docs"
CORPUS_COURSES = ("docker-cluster-2018", "gh-reveal-intro")
TIMEOUT = 15_000  # ms
#: Stops transitions, so that colours are measured at rest, not mid-fade.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"

#: What axe reports that comes from the author's content: (deck, rule id,
#: selector) -> why. Each entry must still be reported (no stale entries).
AUTHORS = {
    ("gh-reveal-intro", "region", "body > a"): (
        "the course's own inline script adds a 'Fork me on GitHub' link to <body>, "
        "outside any landmark"
    ),
}


def axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.skip("axe-playwright-python is not installed (the test extra)")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf8")


# --------------------------------------------------------------------------
# Builds (one per module)


@dataclass
class Builds:
    root: Path
    made: dict = field(default_factory=dict)

    def get(self, name: str, make) -> Path:
        if name not in self.made:
            self.made[name] = make(self.root / name)
        return self.made[name]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    return Builds(tmp_path_factory.mktemp("a11y"))


def sphinx_build(builder: str, src: Path, out: Path, *options: str) -> Path:
    result = run_module("sphinx", "-b", builder, "-q", *options, src, out)
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stdout}\n{result.stderr}"
    return out


def corpus_project(corpus: Path, target: Path) -> Path:
    src = target / "src"
    (src / "data").mkdir(parents=True)
    for course in CORPUS_COURSES:
        shutil.copyfile(corpus / f"{course}.md", src / f"{course}.md")
    shutil.copyfile(corpus / "data" / "swarm.png", src / "data" / "swarm.png")
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gh_reveal"]\nexclude_patterns = ["_build"]\n', encoding="utf8"
    )
    toctree = "\n".join(CORPUS_COURSES)
    (src / "index.md").write_text(f"# Courses\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf8")
    return src


@pytest.fixture
def corpus_out(builds: Builds, corpus: Path):
    """``builder`` -> the output folder holding the corpus decks."""

    def out(builder: str) -> Path:
        src = builds.get("corpus-src", lambda target: corpus_project(corpus, target))
        built = builds.get(f"corpus-{builder}", lambda target: sphinx_build(builder, src, target))
        return built / "slides" if builder == "html" else built

    return out


@pytest.fixture
def docs_out(builds: Builds):
    def out(builder: str) -> Path:
        built = builds.get(f"docs-{builder}", lambda target: sphinx_build(builder, DOCS, target))
        return built / "slides" if builder == "html" else built

    return out


@pytest.fixture
def root_out(builds: Builds):
    def out(builder: str) -> Path:
        return builds.get(
            f"root-{builder}", lambda target: sphinx_build(builder, ROOTS / "test-a11y", target)
        )

    return out


# --------------------------------------------------------------------------
# A page open in Chromium, offline


@dataclass
class Opened:
    page: object
    aborted: list[str] = field(default_factory=list)

    def evaluate(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def axe(self, context=None, rules: list[str] | None = None) -> list[dict]:
        """axe's violations: ``[{id, impact, nodes: [selector, ...]}]``."""
        if not self.evaluate("() => !!window.axe"):
            self.page.add_script_tag(content=axe_source())
        options = {"resultTypes": ["violations"]}
        if rules:
            options["runOnly"] = {"type": "rule", "values": rules}
        return self.evaluate(
            """async ([context, options]) => {
                const result = await axe.run(context || document, options);
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact,
                    nodes: v.nodes.map(n => n.target.join(' ')),
                    details: v.nodes.map(n => n.failureSummary),
                }));
            }""",
            [context, options],
        )


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname == "127.0.0.1"


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(path: Path, query: str = "") -> Opened:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(route) -> None:
            if _is_local(route.request.url):
                route.continue_()
            else:
                opened.aborted.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.goto(path.as_uri() + query, wait_until="load")
        if page.evaluate("() => !!document.querySelector('.reveal .slides')"):
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
            page.add_style_tag(content=STILL)
        return opened

    yield open_
    for context in contexts:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def audit_every_slide(deck: Opened) -> dict[tuple[str, str], str]:
    """axe on each vertical slide, every fragment shown: {(rule, selector): impact}."""
    stacks = deck.evaluate(
        "() => Reveal.getHorizontalSlides()"
        ".map(s => s.querySelectorAll(':scope > section').length || 1)"
    )
    found: dict[tuple[str, str], str] = {}
    for h, count in enumerate(stacks):
        for v in range(count):
            deck.evaluate(
                """async ([h, v]) => {
                    Reveal.slide(h, v);
                    while (Reveal.nextFragment()) {}
                    await new Promise(
                        done => requestAnimationFrame(() => requestAnimationFrame(done)));
                }""",
                [h, v],
            )
            assert deck.evaluate("() => Reveal.getIndices()")["h"] == h
            for violation in deck.axe():
                for selector in violation["nodes"]:
                    found.setdefault((violation["id"], selector), violation["impact"])
    return found


def assert_only_authors(course: str, found: dict) -> None:
    allowed = {(rule, selector) for (deck, rule, selector) in AUTHORS if deck == course}
    ours = {key: impact for key, impact in found.items() if key not in allowed}
    assert not ours, f"{course}: axe violations (rule, selector): impact: {ours}"
    stale = allowed - set(found)
    assert not stale, f"{course}: allow-list entries axe no longer reports: {stale}"


# --------------------------------------------------------------------------
# axe: decks


@pytest.mark.parametrize("builder", ["revealjs", "html"])
@pytest.mark.parametrize("course", CORPUS_COURSES)
def test_corpus_decks_have_no_violation_of_ours(open_page, corpus_out, builder, course):
    deck = open_page(corpus_out(builder) / f"{course}.html")
    assert_only_authors(course, audit_every_slide(deck))


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_example_course_deck_has_no_violation(open_page, docs_out, builder):
    deck = open_page(docs_out(builder) / "example-course.html")
    assert_only_authors("example-course", audit_every_slide(deck))
    assert not deck.aborted, deck.aborted


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_checks_root_deck_has_no_violation(open_page, root_out, builder):
    out = root_out(builder)
    deck = open_page((out / "slides" if builder == "html" else out) / "lesson.html")
    assert_only_authors("lesson", audit_every_slide(deck))


def test_plain_sphinx_revealjs_page_is_what_axe_flags(open_page, root_out):
    """The audit does catch the faults: the same build's non-course deck has them."""
    page = open_page(root_out("revealjs") / "plain.html")
    rules = {violation["id"] for violation in page.axe()}
    assert {"meta-viewport", "landmark-main-is-top-level"} <= rules


# --------------------------------------------------------------------------
# Colours on every built-in theme


def test_slide_number_code_and_links_pass_contrast_on_every_theme(open_page, root_out):
    out = root_out("revealjs")
    themes = sorted(
        path.stem for path in (out / "_static" / "revealjs" / "dist" / "theme").glob("*.css")
    )
    assert len(themes) >= 12, themes
    deck = open_page(out / "lesson.html", "#/code")
    failures = {}
    for theme in themes:
        deck.evaluate(
            """async theme => {
                const link = [...document.querySelectorAll('link[rel=stylesheet]')]
                    .find(l => /\\/dist\\/theme\\//.test(l.href));
                const href = link.href.replace(/[^/]+\\.css$/, theme + '.css');
                if (href !== link.href) {
                    const loaded = new Promise(done => {
                        link.onload = link.onerror = done;
                        setTimeout(done, 3000);
                    });
                    link.href = href;
                    await loaded;
                }
                Reveal.slide(3, 0);
            }""",
            theme,
        )
        assert deck.evaluate("() => Reveal.getCurrentSlide().id") == "code"
        number = deck.axe(".reveal .slide-number", ["color-contrast"])
        code = deck.axe(".reveal .slides section.present pre", ["color-contrast"])
        deck.evaluate("() => Reveal.slide(1, 0)")
        links = deck.axe(
            ".reveal .slides section.present", ["link-in-text-block", "color-contrast"]
        )
        bad = [(v["id"], v["nodes"]) for v in number + code + links]
        if bad:
            failures[theme] = bad
    # The comments are in the deck, highlighted (else this would prove nothing).
    assert deck.evaluate("() => document.querySelectorAll('.reveal pre .hljs-comment').length") >= 2
    assert not failures, failures


def test_slide_number_is_shown_and_measured(open_page, root_out):
    deck = open_page(root_out("revealjs") / "lesson.html", "#/code")
    shown = deck.evaluate(
        """() => {
            const number = document.querySelector('.reveal .slide-number');
            return number && getComputedStyle(number).display !== 'none'
                && number.textContent.trim();
        }"""
    )
    assert shown, "slideNumber: c/t shows the slide number"


# --------------------------------------------------------------------------
# Keyboard


def _focus_report(deck: Opened) -> dict:
    return deck.evaluate(
        """() => {
            const active = document.activeElement;
            const slide = active && active.closest('.reveal .slides section');
            const current = Reveal.getCurrentSlide();
            return {
                tag: active ? active.tagName : null,
                text: active ? (active.textContent || '').trim().slice(0, 40) : '',
                inSlide: !!slide,
                onShownSlide: !slide || slide === current
                    || slide.contains(current) || current.contains(slide),
            };
        }"""
    )


@pytest.mark.parametrize("start", ["liens", "quiz", "fin"])
def test_tab_never_lands_on_a_slide_not_shown(open_page, root_out, start):
    deck = open_page(root_out("revealjs") / "lesson.html", f"#/{start}")
    deck.page.wait_for_function("id => Reveal.getCurrentSlide().id === id", arg=start)
    reached = []
    for _ in range(25):
        deck.page.keyboard.press("Tab")
        report = _focus_report(deck)
        reached.append(report)
        assert report["onShownSlide"], reached
    # The shown slide's links were reached (Tab works, it is not just blocked).
    if start == "liens":
        assert any(r["inSlide"] and "la page" in r["text"] for r in reached), reached


def test_tab_stays_on_shown_slide_in_corpus_deck(open_page, corpus_out):
    deck = open_page(corpus_out("revealjs") / "docker-cluster-2018.html")
    for slide in (1, 3, 5):
        deck.evaluate("h => Reveal.slide(h, 0)", slide)
        for _ in range(20):
            deck.page.keyboard.press("Tab")
            report = _focus_report(deck)
            assert report["onShownSlide"], (slide, report)


def test_arrow_keys_still_move_slides_after_tab(open_page, root_out):
    deck = open_page(root_out("revealjs") / "lesson.html", "#/liens")
    deck.page.wait_for_function("() => Reveal.getCurrentSlide().id === 'liens'")
    for _ in range(10):
        deck.page.keyboard.press("Tab")
        if (
            deck.evaluate("() => document.activeElement.tagName") == "A"
            and _focus_report(deck)["inSlide"]
        ):
            break
    assert _focus_report(deck)["inSlide"], "Tab reached a link of the slide"
    deck.page.keyboard.press("ArrowRight")
    deck.page.wait_for_function("() => Reveal.getCurrentSlide().id === 'quiz'", timeout=5_000)


def test_other_slides_are_inert_and_follow_the_overview(open_page, root_out):
    deck = open_page(root_out("revealjs") / "lesson.html", "#/code")

    def states():
        return deck.evaluate(
            """() => [...document.querySelectorAll('.reveal .slides section')]
                .filter(s => !s.querySelector('section'))
                .map(s => [s.id, s.inert, s.classList.contains('present')])"""
        )

    for slide_id, inert, present in states():
        assert inert is not present, (slide_id, inert, present)
    # The vertical neighbour of the shown slide too.
    assert dict((i, inert) for i, inert, _ in states())["long"] is True
    deck.evaluate("() => Reveal.toggleOverview(true)")
    assert not any(inert for _, inert, _ in states()), "every slide is shown in the overview"
    deck.evaluate("() => Reveal.toggleOverview(false)")
    for slide_id, inert, present in states():
        assert inert is not present, (slide_id, inert, present)
    deck.page.keyboard.press("ArrowDown")
    deck.page.wait_for_function("() => Reveal.getCurrentSlide().id === 'long'")
    assert dict((i, inert) for i, inert, _ in states()) == {
        **{i: True for i, _, _ in states()},
        "long": False,
    }


def test_scrolling_code_is_focusable_labelled_and_scrolls(open_page, root_out):
    deck = open_page(root_out("revealjs") / "lesson.html", "#/long")
    deck.page.wait_for_function("() => Reveal.getCurrentSlide().id === 'long'")
    deck.page.wait_for_function("() => document.querySelector('#long [data-ghr-scroll]')")
    box = deck.evaluate(
        """() => {
            const box = document.querySelector('#long [data-ghr-scroll]');
            return {tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'),
                    label: box.getAttribute('aria-label'),
                    scrolls: box.scrollHeight > box.clientHeight};
        }"""
    )
    assert box == {"tabindex": "0", "role": "group", "label": "Code (python)", "scrolls": True}
    # The short block that does not scroll is left alone.
    assert deck.evaluate("() => document.querySelector('#code [tabindex]')") is None
    assert deck.axe(None, ["scrollable-region-focusable"]) == []
    deck.evaluate("() => document.querySelector('#long [data-ghr-scroll]').focus()")
    deck.page.keyboard.press("ArrowDown")
    deck.page.wait_for_function(
        "() => document.querySelector('#long [data-ghr-scroll]').scrollTop > 0"
    )
    assert deck.evaluate("() => Reveal.getCurrentSlide().id") == "long"


# --------------------------------------------------------------------------
# Screen readers


def _status(deck: Opened) -> str:
    deck.page.wait_for_timeout(100)  # reveal.js announces in an animation frame
    return deck.evaluate("() => document.querySelector('.reveal .aria-status').textContent")


def test_hidden_fragment_is_neither_announced_nor_reachable(open_page, root_out):
    deck = open_page(root_out("revealjs") / "lesson.html", "#/liens")
    deck.page.keyboard.press("ArrowRight")
    deck.page.wait_for_function("() => Reveal.getCurrentSlide().id === 'quiz'")
    status = _status(deck)
    assert "Quelle commande" in status, status
    assert "la réponse" not in status, f"the answer was read out with the question: {status!r}"
    assert "notes de l'orateur" not in status.lower(), status
    fragment = "document.querySelector('#quiz .fragment')"
    assert deck.evaluate(f"() => [{fragment}.inert, {fragment}.getAttribute('aria-hidden')]") == [
        True,
        "true",
    ]
    for _ in range(5):
        deck.page.keyboard.press("Tab")
        assert "sa page" not in _focus_report(deck)["text"]
    deck.page.keyboard.press("ArrowRight")  # shows the fragment
    deck.page.wait_for_function(f"() => {fragment}.classList.contains('visible')")
    assert deck.evaluate(f"() => [{fragment}.inert, {fragment}.hasAttribute('aria-hidden')]") == [
        False,
        False,
    ]
    assert "la réponse" in _status(deck)
    deck.page.keyboard.press("ArrowLeft")  # hides it again
    deck.page.wait_for_function(f"() => !{fragment}.classList.contains('visible')")
    assert deck.evaluate(f"() => {fragment}.getAttribute('aria-hidden')") == "true"


def test_speaker_notes_stay_out_of_the_deck(open_page, root_out):
    deck = open_page(root_out("revealjs") / "lesson.html", "#/quiz")
    deck.page.wait_for_function("() => Reveal.getCurrentSlide().id === 'quiz'")
    while deck.evaluate("() => Reveal.nextFragment()"):
        pass
    notes = deck.evaluate(
        "() => getComputedStyle(document.querySelector('#quiz aside.notes')).display"
    )
    assert notes == "none"
    tree = deck.page.locator("#quiz").aria_snapshot()
    assert "orateur" not in tree and "la réponse" in tree, tree


# --------------------------------------------------------------------------
# Zoom, landmarks, language, the page link


def test_deck_allows_zoom_has_one_main_and_its_language(open_page, root_out):
    deck = open_page(root_out("revealjs") / "lesson.html")
    facts = deck.evaluate(
        """() => ({
            viewports: [...document.querySelectorAll('meta[name=viewport]')].map(m => m.content),
            mains: document.querySelectorAll('main, [role=main]').length,
            application: document.querySelector('[role=application]').closest('main') !== null,
            lang: document.documentElement.lang,
        })"""
    )
    assert facts == {
        "viewports": ["width=device-width, initial-scale=1.0"],
        "mains": 1,
        "application": True,
        "lang": "fr",
    }


def test_read_as_a_page_is_on_every_slide_of_a_deck_alongside(open_page, root_out):
    deck = open_page(root_out("html") / "slides" / "lesson.html")
    total = deck.evaluate("() => Reveal.getTotalSlides()")
    stacks = deck.evaluate(
        "() => Reveal.getHorizontalSlides()"
        ".map(s => s.querySelectorAll(':scope > section').length || 1)"
    )
    assert sum(stacks) == total
    for h, count in enumerate(stacks):
        for v in range(count):
            deck.evaluate("([h, v]) => Reveal.slide(h, v)", [h, v])
            link = deck.page.locator("nav.ghr-deck-nav a")
            assert link.is_visible() and link.text_content() == "Read as a page"
            assert link.evaluate("a => !a.closest('.slides')")
    deck.page.locator("nav.ghr-deck-nav a").click()
    deck.page.wait_for_url("**/lesson.html")
    assert deck.evaluate("() => !document.querySelector('.reveal')")


# --------------------------------------------------------------------------
# Course pages: no more than a plain MyST page of the same theme


def _page_rules(opened: Opened) -> set[str]:
    return {violation["id"] for violation in opened.axe()}


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_course_page_has_no_violation_beyond_a_plain_page(open_page, builds, theme):
    def make(target: Path) -> Path:
        src = target / "src"
        shutil.copytree(ROOTS / "test-a11y", src)
        return sphinx_build("html", src, target / "out", "-D", f"html_theme={theme}")

    out = builds.get(f"pages-{theme}", make)
    plain = _page_rules(open_page(out / "plain.html"))
    course_page = open_page(out / "lesson.html")
    course = _page_rules(course_page)
    assert course <= plain, f"{theme}: the course page has more than a plain page: {course - plain}"
    assert course_page.evaluate("() => document.querySelector('section[lang=fr]') !== null")
