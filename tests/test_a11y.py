"""Accessible decks and pages, read from the built HTML (no browser).

The live behaviour (Tab, fragments, axe-core) is in ``test_browser_a11y.py``.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sphinx_gh_reveal.locale import CATALOG, LOCALE_DIR

from conftest import soup_of, warnings_of

ROOT = "a11y"


@pytest.fixture
def built(app, warning):
    app.build()
    assert warnings_of(warning) == ""
    return app


@pytest.mark.sphinx("revealjs", testroot=ROOT, freshenv=True)
def test_course_deck_allows_zoom_and_has_one_main_landmark(built):
    deck = soup_of(built, "lesson")
    viewports = deck.find_all("meta", attrs={"name": "viewport"})
    assert [tag["content"] for tag in viewports] == ["width=device-width, initial-scale=1.0"]
    assert len(deck.find_all("main")) == 1 and not deck.select("[role=main]")
    assert deck.select_one("main > div.reveal > div.slides") is not None
    assert deck.html["lang"] == "fr"  # the course's own lang
    # gh-reveal.js is loaded after reveal.js, on decks.
    scripts = [tag["src"] for tag in deck.find_all("script", src=True)]
    assert scripts[-1] == "_static/gh-reveal/gh-reveal.js"
    assert scripts.index("_static/revealjs/dist/reveal.js") < len(scripts) - 1
    assert (Path(built.outdir) / scripts[-1]).is_file()
    # -b revealjs has no page: no "Read as a page".
    assert deck.select_one("nav.ghr-deck-nav") is None


@pytest.mark.sphinx("revealjs", testroot=ROOT, freshenv=True)
def test_pages_that_are_not_courses_keep_sphinx_revealjs_template(built, app_in_copy):
    """A plain page of the same build is byte for byte what sphinx-revealjs writes."""
    ours = (Path(built.outdir) / "plain.html").read_text("utf8")
    srcdir = Path(built.srcdir).parent / "a11y-plain-only"
    srcdir.mkdir(exist_ok=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_revealjs"]\nproject = "a11y"\n'
        'exclude_patterns = ["_build", "lesson.md"]\n',
        # gh_reveal_plugins are a course's only: a plain deck has none of them.
        encoding="utf8",
    )
    (srcdir / "index.md").write_text(
        "# Accessibility checks\n\n```{toctree}\nplain\n```\n", encoding="utf8"
    )
    (srcdir / "plain.md").write_text(
        (Path(built.srcdir) / "plain.md").read_text("utf8"), encoding="utf8"
    )
    from sphinx.testing.util import SphinxTestApp

    other = SphinxTestApp("revealjs", srcdir=srcdir, freshenv=True)
    try:
        other.build()
        theirs = (Path(other.outdir) / "plain.html").read_text("utf8")
    finally:
        other.cleanup()
    assert "user-scalable=no" in theirs  # sphinx-revealjs's own template

    # What may differ: the "prev" link to the course, absent from the
    # project without it.
    def drop(html: str) -> list[str]:
        return [line for line in html.splitlines() if 'rel="prev"' not in line]

    assert drop(ours) == drop(theirs)
    assert "gh-reveal" not in ours


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True)
def test_course_page_carries_the_course_language(built):
    page = soup_of(built, "lesson")
    assert page.html["lang"] == "en"  # the build's language
    course = page.select_one("section[lang]")
    assert course["lang"] == "fr" and course.find("h1").get_text().startswith("Une leçon")
    # The extension's own words are in the build's language, said so.
    assert page.select_one("p.ghr-view-slides")["lang"] == "en"
    assert page.select_one("details.ghr-notes summary")["lang"] == "en"
    assert soup_of(built, "plain").select_one("section[lang]") is None
    deck = (Path(built.outdir) / "slides" / "lesson.html").read_text("utf8")
    assert '<html lang="fr"' in deck
    assert 'href="../lesson.html">Read as a page</a>' in deck


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True, confoverrides={"language": "fr"})
def test_extension_words_are_translated_in_french_builds(built):
    page = soup_of(built, "lesson")
    assert page.html["lang"] == "fr"
    assert page.select_one("a.ghr-view-slides").get_text() == "Voir les diapositives"
    assert page.select_one("details.ghr-notes summary").get_text() == "Notes de l’orateur"
    deck = soup_of(built, "slides/lesson")
    assert deck.html["lang"] == "fr"
    nav = deck.select_one("nav.ghr-deck-nav")
    assert nav["aria-label"] == "Cours" and nav.a.get_text() == "Lire en page"
    index = soup_of(built, "index")
    assert index.select_one("a.ghr-slides-link").get_text() == "diapositives"


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True, confoverrides={"language": "de"})
def test_a_language_without_catalog_falls_back_to_english(built):
    page = soup_of(built, "lesson")
    assert page.html["lang"] == "de"
    assert page.select_one("a.ghr-view-slides").get_text() == "View as slides"
    assert page.select_one("section[lang]")["lang"] == "fr"


def test_french_catalog_is_compiled_and_complete():
    """The shipped .mo says what the .po says, for every string the code uses."""
    folder = LOCALE_DIR / "fr" / "LC_MESSAGES"
    with open(folder / f"{CATALOG}.po", encoding="utf8") as source:
        po = {message.id: message.string for message in read_po(source) if message.id}
    mo = gettext.translation(CATALOG, str(LOCALE_DIR), languages=["fr"])
    assert {msgid: mo.gettext(msgid) for msgid in po} == po
    package = Path(__file__).resolve().parents[1] / "sphinx_gh_reveal"
    used = {
        "View as slides",
        "Read as a page",
        "Speaker notes",
        "slides",
        "draft",
        "No course yet.",
    }
    code = "".join(path.read_text("utf8") for path in package.rglob("*.py"))
    for msgid in used:
        assert f'_("{msgid}")' in code or f"_('{msgid}')" in code, msgid
    assert used <= {msgid for msgid, text in po.items() if text and text != msgid}


@pytest.mark.sphinx("revealjs", testroot=ROOT, freshenv=True)
def test_icon_label_is_said_and_bare_icons_stay_hidden(built):
    deck = soup_of(built, "lesson")
    labelled = deck.select_one("i.fa-at")
    assert labelled.attrs == {"class": ["fa", "fa-at"], "role": "img", "aria-label": "arobase"}
    assert deck.select_one("i.fa-github")["aria-hidden"] == "true"
    assert not deck.select_one("i.fa-github").has_attr("aria-label")


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True)
def test_icon_label_on_the_page_too(built):
    page = soup_of(built, "lesson")
    assert page.select_one("i.fa-at")["aria-label"] == "arobase"
    assert "nom" in page.select_one("i.fa-at").parent.get_text()


def _course(tmp_path: Path, front: str, body: str) -> Path:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', encoding="utf8")
    (tmp_path / "index.md").write_text(f"---\ntitle: T\n{front}---\n\n{body}\n", encoding="utf8")
    return tmp_path


def test_bad_lang_and_empty_icon_label_warn_with_location(make_app, tmp_path):
    src = _course(
        tmp_path, "lang: 'not a tag!'\n", "Hello §icon:at|§; and §icon:at|at§;\n\n§new\n\nBye"
    )
    app = make_app("revealjs", srcdir=src, freshenv=True)
    app.build()
    warnings = warnings_of(app._warning)
    assert "index.md:1: WARNING: front matter 'lang' must be a language tag" in warnings
    assert "[gh-reveal.front_matter]" in warnings
    assert "icon label after '|' is empty" in warnings and "[gh-reveal.marker]" in warnings
    deck = (Path(app.outdir) / "index.html").read_text("utf8")
    assert '<html lang="en"' in deck  # the build's language, the bad tag ignored
    assert "§icon:at|§;" in deck  # kept as written, nothing lost
    assert 'aria-label="at"' in deck


@pytest.mark.sphinx("text", testroot=ROOT, freshenv=True)
def test_icon_label_is_kept_as_text_by_text_builders(built):
    text = (Path(built.outdir) / "lesson.txt").read_text("utf8")
    assert "nomarobaseexample.org" in text.replace(" ", "")
