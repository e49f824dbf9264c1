"""One self-contained HTML file per deck (``gh_reveal_single_file``, ``bundle``).

The single file is checked as a user gets it: parsed (nothing left that the
browser would fetch), built twice (same bytes), from both builders, with a
missing picture (located warning, file still written), and in Chromium,
copied alone into an empty folder, with every request but ``data:``/``blob:``
and the file itself aborted.
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, run_module, slides_of, warnings_of

SINGLE = "lesson.single.html"
#: Attributes that make the browser fetch something.
FETCHED = ("src", "poster", "data-background-image", "data-background-video", "data-src")


def soup_of_file(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf8"), "html.parser")


def local_references(soup: BeautifulSoup) -> list[str]:
    """What in the page would make the browser read another file."""
    found = []
    for element in soup.find_all(True):
        for key in FETCHED:
            value = element.get(key)
            if value and not value.startswith(("data:", "${")):
                found.append(f"{element.name}[{key}]={value[:60]}")
        if element.name == "link" and "stylesheet" in element.get("rel", []):
            found.append(f"link[href]={element.get('href')}")
    for style in soup.find_all("style"):
        for url in re.findall(r"url\(\s*[\"']?([^\"')]*)", style.get_text()):
            if not url.startswith(("data:", "#")):
                found.append(f"style url({url[:60]})")
    return found


@pytest.mark.sphinx("revealjs", testroot="bundle", freshenv=True)
def test_revealjs_build_writes_a_self_contained_file(app, status, warning) -> None:
    app.build()
    out = Path(app.outdir)
    single = out / SINGLE
    soup = soup_of_file(single)
    assert local_references(soup) == []
    assert not soup.find("script", src=True)
    # Same slides as the folder form.
    folder = soup_of_file(out / "lesson.html")
    assert len(slides_of(soup)) == len(slides_of(folder))
    assert soup.select_one("section#backdrop")["data-background-image"].startswith(
        "data:image/png;base64,"
    )
    assert soup.select_one("img[alt='A square']")["src"].startswith("data:image/png;base64,")
    # Only the Font Awesome fonts the icons use: three icons, three fonts,
    # each once (the v4 compatibility font and the v5 aliases are left out).
    fonts = re.findall(r"url\(\"data:font/(\w+);base64,", single.read_text("utf8"))
    assert fonts.count("woff2") == 3, fonts
    # Licence comments stay with what they cover (Font Awesome's icons are CC BY).
    assert "Font Awesome Free" in single.read_text("utf8")
    # The size is printed, per file.
    assert re.search(r"single file: lesson\.single\.html \(\d+\.\d MB\)", status.getvalue())


@pytest.mark.sphinx("revealjs", testroot="bundle", freshenv=True)
def test_missing_picture_is_reported_and_the_file_still_written(app, warning) -> None:
    app.build()
    text = warnings_of(warning)
    assert re.search(
        r"missing\.md:8: WARNING: image file not readable: img/not-there\.png", text
    ), text
    assert re.search(
        r"missing\.md:8: WARNING: .*'img/not-there\.png'.*\[gh-reveal\.bundle\]", text
    ), text
    single = soup_of_file(Path(app.outdir) / "missing.single.html")
    assert single.select_one("img")["src"] == "img/not-there.png"  # kept as written
    assert any(
        "Reveal.initialize" in script.string
        for script in single.find_all("script")
        if script.string
    )


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_bundle_warnings_name_the_line_that_writes_the_url(make_app, tmp_path, builder) -> None:
    src = tmp_path / "src"
    (src / "parts").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gh_reveal"]\ngh_reveal_single_file = True\n', encoding="utf8"
    )
    (src / "index.md").write_text(
        "---\ntitle: Remote\n---\n\n## One\n\n"
        '<img alt="raw" src="https://example.org/a.png?x=1&amp;y=2">\n\n'
        "§new\n\n{% include_relative parts/chapter.md %}\n",
        encoding="utf8",
    )
    (src / "parts" / "chapter.md").write_text(
        "## Two\n\nSome text.\n\n![remote](https://example.org/b.png)\n", encoding="utf8"
    )
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    text = warnings_of(app.warning)
    assert re.search(
        r"index\.md:7: WARNING: the single file refers to "
        r"'https://example\.org/a\.png\?x=1&y=2'.*\[gh-reveal\.bundle\]",
        text,
    ), text
    assert re.search(
        r"parts/chapter\.md:5: WARNING: the single file refers to "
        r"'https://example\.org/b\.png'.*\[gh-reveal\.bundle\]",
        text,
    ), text


@pytest.fixture
def fresh_app(make_app, tmp_path):
    """An app on a fresh copy of the bundle root (its own output), with config overrides."""

    def make(builder: str, name: str, **overrides):
        srcdir = tmp_path / name
        shutil.copytree(Path(__file__).parent / "roots" / "test-bundle", srcdir)
        return make_app(builder, srcdir=srcdir, freshenv=True, confoverrides=overrides)

    return make


def test_html_build_writes_it_next_to_the_deck_alongside(fresh_app) -> None:
    app = fresh_app("html", "html")
    app.build()
    slides = Path(app.outdir) / "slides"
    assert (slides / "lesson.html").is_file()
    assert local_references(soup_of_file(slides / SINGLE)) == []


def test_dirrevealjs_writes_it_beside_the_deck_folder(fresh_app) -> None:
    app = fresh_app("dirrevealjs", "dir")
    app.build()
    out = Path(app.outdir)
    assert (out / "lesson" / "index.html").is_file()
    single = soup_of_file(out / SINGLE)
    # The course's background is copied with the deck (as an image is), so
    # it resolves from lesson/index.html too, and is inside the single file.
    assert local_references(single) == []
    assert single.select_one("section#backdrop")["data-background-image"].startswith(
        "data:image/png;base64,"
    )
    assert single.select_one("img[alt='A square']")["src"].startswith("data:image/png;base64,")


def test_two_builds_give_the_same_bytes(fresh_app) -> None:
    first = fresh_app("revealjs", "first")
    first.build()
    second = fresh_app("revealjs", "second", **{"gh_reveal_single_file": True})
    second.build()
    assert (Path(first.outdir) / SINGLE).read_bytes() == (Path(second.outdir) / SINGLE).read_bytes()


def test_single_file_of_a_removed_course_is_removed(fresh_app, make_app) -> None:
    app = fresh_app("revealjs", "gone")
    app.build()
    out = Path(app.outdir)
    assert (out / "missing.single.html").is_file()
    srcdir = Path(app.srcdir)
    (srcdir / "missing.md").unlink()
    (srcdir / "index.md").write_text(
        "# Bundle project\n\n```{toctree}\nlesson\n```\n", encoding="utf8"
    )
    (out / "keep.single.html").write_text("not ours", encoding="utf8")
    again = make_app("revealjs", srcdir=srcdir)
    again.build()
    assert not (out / "missing.single.html").exists()
    assert (out / SINGLE).is_file()
    assert (out / "keep.single.html").read_text("utf8") == "not ours"  # never written by us


def test_a_changed_picture_reaches_the_single_file(fresh_app, make_app) -> None:
    app = fresh_app("revealjs", "changed")
    app.build()
    out, srcdir = Path(app.outdir), Path(app.srcdir)
    before = (out / SINGLE).read_bytes()
    again = make_app("revealjs", srcdir=srcdir)
    again.build()
    assert (out / SINGLE).read_bytes() == before  # nothing changed: same file
    new_picture = (srcdir / "_static" / "backdrop.png").read_bytes()
    (srcdir / "img" / "square.png").write_bytes(new_picture)
    third = make_app("revealjs", srcdir=srcdir)
    third.build()
    img = soup_of_file(out / SINGLE).select_one("img[alt='A square']")
    assert img["src"] == "data:image/png;base64," + base64.b64encode(new_picture).decode()


def test_off_writes_nothing(fresh_app) -> None:
    app = fresh_app("revealjs", "off", gh_reveal_single_file=False)
    app.build()
    assert (Path(app.outdir) / "lesson.html").is_file()
    assert not list(Path(app.outdir).glob("*.single.html"))


def test_command_bundles_a_built_deck(fresh_app, tmp_path) -> None:
    app = fresh_app("revealjs", "cli", gh_reveal_single_file=False)
    app.build()
    target = tmp_path / "out" / "course.html"
    result = run_module(
        "sphinx_gh_reveal", "bundle", Path(app.outdir) / "lesson.html", "-o", target
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"course\.html \(\d+\.\d MB\)", result.stdout)
    assert local_references(soup_of_file(target)) == []
    missing = run_module(
        "sphinx_gh_reveal", "bundle", Path(app.outdir) / "missing.html", "-o", tmp_path / "m.html"
    )
    assert missing.returncode == 0
    assert "not-there.png" in missing.stderr
    bad = run_module("sphinx_gh_reveal", "bundle", Path(app.outdir) / "_static" / "basic.css")
    assert bad.returncode == 2 and "not a reveal.js deck" in bad.stderr
    absent = run_module("sphinx_gh_reveal", "bundle", tmp_path / "nope.html")
    assert absent.returncode == 2 and "no such file" in absent.stderr


# --------------------------------------------------------------------------
# In the browser, alone, offline

TIMEOUT = 15_000


#: How the single file was made: a revealjs build, and the html build with
#: furo that Read the Docs would run (the deck written alongside).
BUILDS = {
    "revealjs": (("-b", "revealjs"), ""),
    "html-furo": (("-b", "html", "-D", "html_theme=furo"), "slides"),
}


@pytest.fixture(scope="module", params=sorted(BUILDS))
def lone_file(request, tmp_path_factory) -> tuple[Path, BeautifulSoup]:
    """The lesson's single file, copied alone into an empty folder, and its folder-form deck."""
    options, folder = BUILDS[request.param]
    build = tmp_path_factory.mktemp("bundle-build")
    src, out = build / "src", build / "out"
    shutil.copytree(Path(__file__).parent / "roots" / "test-bundle", src)
    result = run_module("sphinx", *options, "-q", src, out)
    assert result.returncode == 0, result.stderr
    alone = tmp_path_factory.mktemp("stick") / SINGLE
    shutil.copyfile(out / folder / SINGLE, alone)
    return alone, soup_of_file(out / folder / "lesson.html")


def offline_context(browser, own: str):
    """A browser context where only ``data:``, ``blob:`` and the file ``own`` load.

    Returns the context and what it blocked.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    blocked: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or url.split("?")[0].split("#")[0] == own:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", route)
    return context, blocked


@pytest.fixture
def offline(browser, lone_file):
    """The single file alone, in a context where nothing else loads."""
    path, _ = lone_file
    own = path.as_uri()
    context, blocked = offline_context(browser, own)
    errors: list[str] = []
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
    yield context, own, blocked, errors
    context.close()


def _open(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
    return page


@pytest.mark.browser
def test_single_file_works_alone_offline(offline, lone_file) -> None:
    context, own, blocked, errors = offline
    _, folder = lone_file
    page = _open(context, own)
    # The grid and the fragments of the folder-form deck.
    grid = page.evaluate(
        "() => Reveal.getHorizontalSlides().map(s => s.querySelectorAll(':scope > section').length)"
    )
    expected = [len(s.find_all("section", recursive=False)) for s in slides_of(folder)]
    assert grid == expected
    assert page.evaluate(
        "() => document.querySelectorAll('.reveal .slides .fragment').length"
    ) == len(folder.select(".slides .fragment"))
    # Icons: each glyph is drawn by a loaded Font Awesome font.
    page.evaluate("() => Reveal.slide(1, 0)")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    for name, face in (
        ("briefcase", '900 16px "Font Awesome 6 Free"'),
        ("envelope-o", '400 16px "Font Awesome 6 Free"'),
        ("github", '400 16px "Font Awesome 6 Brands"'),
    ):
        page.wait_for_function("face => document.fonts.check(face)", arg=face, timeout=TIMEOUT)
        width = page.evaluate(
            "name => document.querySelector('i.fa-' + name).getBoundingClientRect().width", name
        )
        assert width > 0, name
        assert page.evaluate(
            "name => getComputedStyle(document.querySelector('i.fa-' + name), '::before').content",
            name,
        ) not in ("none", "normal", "")
    # The picture.
    page.wait_for_function(
        "() => document.querySelector('img[alt=\"A square\"]').naturalWidth > 0", timeout=TIMEOUT
    )
    # The course stylesheet's own url() picture.
    assert "data:image/png" in page.evaluate(
        "() => getComputedStyle(document.querySelector('.striped')).backgroundImage"
    )
    # A #/id link.
    page.evaluate("() => Reveal.slide(1, 1)")
    page.click("a[href='#/icons']")
    page.wait_for_function("() => Reveal.getCurrentSlide().id === 'icons'", timeout=TIMEOUT)
    # Speaker view: S opens the notes window, which shows this slide's notes.
    with context.expect_page(timeout=TIMEOUT) as popup_info:
        page.keyboard.press("s")
    popup = popup_info.value
    popup.wait_for_function(
        "() => (document.querySelector('.speaker-controls-notes') || {})"
        ".textContent?.includes('hello')",
        timeout=TIMEOUT,
    )
    assert popup.locator(".speaker-controls-notes strong").inner_text() == "hello"
    # Its previews of the current and next slides are the single file itself.
    popup.wait_for_function(
        "() => document.querySelectorAll('#current-slide iframe, #upcoming-slide iframe')"
        ".length == 2",
        timeout=TIMEOUT,
    )
    previews = [frame for frame in popup.frames if frame.url.split("?")[0] == own]
    assert len(previews) == 2
    for frame in previews:
        frame.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
    # The background picture, once on its slide.
    page.evaluate("() => Reveal.slide(1, 1)")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll("
        "'.slide-background.present .slide-background-content'))"
        ".some(e => getComputedStyle(e).backgroundImage.includes('data:image/png'))",
        timeout=TIMEOUT,
    )
    assert blocked == []
    assert errors == []


@pytest.mark.browser
def test_single_file_prints(offline) -> None:
    context, own, blocked, errors = offline
    page = _open(context, own + "?print-pdf")
    page.wait_for_function(
        "() => document.querySelectorAll('.pdf-page').length > 0", timeout=TIMEOUT
    )
    assert page.evaluate("() => document.querySelectorAll('.pdf-page').length") == page.evaluate(
        "() => Reveal.getTotalSlides()"
    )
    assert blocked == [] and errors == []


CORPUS_COURSES = ("docker-cluster-2018", "gh-reveal-intro")
#: http(s) URLs as an author writes them in Markdown, HTML or a script string.
_AUTHOR_URL = re.compile(r"https?://[^\s\"'<>()\[\]{}`|\\]+")


@pytest.fixture(scope="module")
def corpus_singles(tmp_path_factory) -> dict[str, tuple[Path, BeautifulSoup, str]]:
    """The corpus courses' single files, each copied alone; their folder decks; their text."""
    from conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    root = tmp_path_factory.mktemp("bundle-corpus")
    src, out = root / "src", root / "out"
    shutil.copytree(CORPUS, src)
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gh_reveal"]\nexclude_patterns = ["_build"]\n'
        "gh_reveal_single_file = True\nsuppress_warnings = ['gh-reveal.bundle']\n",
        encoding="utf8",
    )
    toctree = "\n".join(CORPUS_COURSES)
    (src / "index.md").write_text(f"# Courses\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf8")
    result = run_module("sphinx", "-b", "revealjs", "-q", src, out)
    assert result.returncode == 0, result.stderr
    singles = {}
    for course in CORPUS_COURSES:
        alone = tmp_path_factory.mktemp("stick") / f"{course}.single.html"
        shutil.copyfile(out / f"{course}.single.html", alone)
        text = (src / f"{course}.md").read_text("utf8")
        singles[course] = (alone, soup_of_file(out / f"{course}.html"), text)
    return singles


@pytest.mark.browser
@pytest.mark.parametrize("course", CORPUS_COURSES)
def test_corpus_course_single_file_asks_only_for_what_the_author_wrote(
    browser, corpus_singles, course: str
) -> None:
    path, folder, text = corpus_singles[course]
    own = path.as_uri()
    wanted = {url.rstrip(".,;:!?") for url in _AUTHOR_URL.findall(text)}
    context, blocked = offline_context(browser, own)
    try:
        page = _open(context, own)
        grid = page.evaluate(
            "() => Reveal.getHorizontalSlides()"
            ".map(s => s.querySelectorAll(':scope > section').length)"
        )
        assert grid == [len(s.find_all("section", recursive=False)) for s in slides_of(folder)]
        page.evaluate(
            """async () => {
                const stacks = Reveal.getHorizontalSlides();
                for (let h = 0; h < stacks.length; h++) Reveal.slide(h, 0);
                await document.fonts.ready;
            }"""
        )
        # No file beside it and no theme font: only the addresses the course itself names.
        assert [url for url in blocked if url not in wanted and url.rstrip("/") not in wanted] == []
    finally:
        context.close()


# --------------------------------------------------------------------------
# The bundler's rules, on a deck written by hand (any deck, not only ours)

ICON_CSS = """
@font-face{font-family:"Icons";font-weight:900;src:url(fonts/solid.woff2) format("woff2")}
@font-face{font-family:"Icons";font-weight:400;src:url(fonts/regular.eot);src:url(fonts/regular.eot?#iefix) format("embedded-opentype"),url(fonts/regular.woff2) format("woff2"),url(fonts/regular.ttf) format("truetype")}
@font-face{font-family:"Old Icons";src:url(fonts/old.woff2) format("woff2")}
@font-face{font-family:"Body";src:url(fonts/body.woff) format("woff")}
/*! Icons 1.0, licence: keep me */
.ic{font-family:var(--ic-family,"Icons");font-weight:900}
.ic-r{font-weight:400}
.deck p{font-family:"Body"}
"""  # noqa: E501 - minified CSS, one rule a line, as icon sets ship it


@pytest.fixture
def handmade(tmp_path) -> Path:
    """A deck folder with a sheet importing another, icon fonts, a script, a secret outside."""
    out = tmp_path / "out"
    (out / "css" / "fonts").mkdir(parents=True)
    (out / "css" / "img").mkdir()
    (tmp_path / "secret.txt").write_text("do not read me", encoding="utf8")
    for name in (
        "solid.woff2",
        "regular.woff2",
        "regular.ttf",
        "regular.eot",
        "old.woff2",
        "body.woff",
    ):
        (out / "css" / "fonts" / name).write_bytes(name.encode() * 10)
    (out / "css" / "img" / "dot.png").write_bytes(b"\x89PNG dot")
    (out / "css" / "icons.css").write_text(ICON_CSS, encoding="utf8")
    (out / "css" / "deck.css").write_text(
        '@import url("https://fonts.example.org/css?family=X");\n'
        '@import "icons.css";\n@import url(print.css) print;\n'
        ".deck{background:url('img/dot.png')}\n",
        encoding="utf8",
    )
    (out / "css" / "print.css").write_text(".deck{color:black}", encoding="utf8")
    (out / "probe.js").write_text(
        'window.probe = ["</script>", "<!--<script>", /<script>/u.test("<script>"), '
        '`</SCRIPT>`, /<\\/script>/u.test("</script>")];\n',
        encoding="utf8",
    )
    (out / "deck.html").write_text(
        "<!DOCTYPE html><html><head>"
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Y">'
        '<link rel="stylesheet" href="css/deck.css?v=1">'
        '<link rel="stylesheet" href="css/theme-of-the-pages.css">'
        '<link rel="stylesheet" href="css/deck.css">'
        '<script src="js/theme-of-the-pages.js"></script>'
        '</head><body><div class="reveal deck"><div class="slides"><section>'
        '<p><i class="ic ic-r"></i> only the regular icon</p>'
        '<img alt="secret" src="../secret.txt"><img alt="dot" srcset="css/img/dot.png 2x">'
        '<p style="background-image:url(css/img/dot.png)">styled</p>'
        '</section></div></div><script src="probe.js"></script></body></html>',
        encoding="utf8",
    )
    return out / "deck.html"


def test_bundle_rules_on_a_handmade_deck(handmade, tmp_path) -> None:
    target = tmp_path / "one.html"
    result = run_module("sphinx_gh_reveal", "bundle", handmade, "-o", target)
    assert result.returncode == 0, result.stderr
    text = target.read_text("utf8")
    soup = BeautifulSoup(text, "html.parser")
    # Nothing outside the build output is read; it is reported instead.
    assert "do not read me" not in text and "ZG8gbm90IHJlYWQgbWU" not in text
    assert soup.select_one("img[alt=secret]")["src"] == "../secret.txt"
    assert "../secret.txt" in result.stderr
    # Remote sheets and imports are left out (and said), local ones inlined.
    assert "fonts.googleapis.com" not in text and "fonts.example.org" not in text
    assert "fonts.googleapis.com" in result.stderr
    assert not soup.find("link", rel="stylesheet")
    assert "@media print{.deck{color:black}}" in text
    # url() resolved against the sheet that has it (css/img/dot.png), in
    # sheets, srcset and style attributes.
    dot = "data:image/png;base64,iVBORyBkb3Q="
    assert f'.deck{{background:url("{dot}")}}' in text
    assert soup.select_one("img[alt=dot]")["srcset"] == f"{dot} 2x"
    assert dot in soup.select_one("p[style]")["style"]
    # Fonts: the regular icon face (its woff2 only), the body face; not the
    # unused solid face nor a family no rule names.
    fonts = re.findall(r"data:font/[\w-]+;base64,([\w+/=]+)", text)
    embedded = sorted(base64.b64decode(font)[: len("regular.woff2")].decode() for font in fonts)
    assert embedded == ["body.woffbody", "regular.woff2"]
    assert "embedded-opentype" not in text
    assert "/*! Icons 1.0, licence: keep me */" in text
    # A sheet linked twice is inside once (at its last place: same cascade).
    assert text.count(".deck{background:") == 1
    # Linked files that are not there load nothing in the folder deck either:
    # left out, and said.
    assert "theme-of-the-pages" not in text
    assert (
        "css/theme-of-the-pages.css" in result.stderr
        and "js/theme-of-the-pages.js" in result.stderr
    )
    assert soup.find_all("script")[0].string in (None, "")


@pytest.mark.browser
def test_inlined_script_keeps_its_strings(browser, handmade, tmp_path) -> None:
    target = tmp_path / "stick" / "one.html"
    assert run_module("sphinx_gh_reveal", "bundle", handmade, "-o", target).returncode == 0
    page = browser.new_page()
    try:
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("data:", target.as_uri()))
                else route.abort()
            ),
        )
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(target.as_uri(), wait_until="load")
        assert page.evaluate("() => window.probe") == [
            "</script>",
            "<!--<script>",
            True,
            "</SCRIPT>",
            True,
        ]
        assert errors == []
    finally:
        page.close()


@pytest.mark.browser
def test_math_in_a_single_file_is_typeset_with_nothing_beside_it(browser, tmp_path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOTS / "test-science", src)
    result = run_module("sphinx", "-b", "revealjs", "-q", "-D", "gh_reveal_single_file=1", src, out)
    assert result.returncode == 0, result.stderr
    alone = tmp_path / "stick" / "physics.single.html"
    alone.parent.mkdir()
    shutil.copyfile(out / "physics.single.html", alone)
    context, blocked = offline_context(browser, alone.as_uri())
    try:
        page = context.new_page()
        page.goto(alone.as_uri(), wait_until="load")
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => null)")
        state = page.evaluate(
            """() => ({
                formulas: document.querySelectorAll('.math').length,
                typeset: document.querySelectorAll('.math mjx-container > svg').length,
                errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
            })"""
        )
        # \cancel comes from a TeX extension: built into the engine, not fetched.
        assert state["formulas"] > 0 and state["typeset"] >= state["formulas"], state
        assert state["errors"] == 0 and blocked == []
    finally:
        context.close()
