"""Translated courses: gettext catalogs, and decks built from a translation.

The corpus course is French; ``roots/test-i18n-corpus`` holds an English
``.po`` for its first slides (the course itself is copied in at test time).
``roots/test-i18n-example`` is the example project of docs/translating.md,
``roots/test-i18n-bad`` a course whose translations get markers wrong.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import ROOTS, slides_of, soup_of, warnings_of

#: Markers that must never be part of a message.
SLIDE_MARKERS = re.compile(r"§(?:new|break|notes|id:|slide:)")


@pytest.fixture
def corpus_project(sphinx_test_tempdir, corpus):
    """A fresh copy of the corpus root, with the corpus course as ``course.md``."""

    def make(name: str) -> Path:
        srcdir = sphinx_test_tempdir / f"i18n-corpus-{name}"
        if srcdir.exists():
            shutil.rmtree(srcdir)
        shutil.copytree(ROOTS / "test-i18n-corpus", srcdir)
        shutil.copy(corpus / "docker-cluster-2018.md", srcdir / "course.md")
        shutil.copytree(corpus / "data", srcdir / "data")
        return srcdir

    return make


def catalog_of(app, domain: str):
    with open(Path(app.outdir) / f"{domain}.pot", encoding="utf8") as pot:
        return read_po(pot)


def translations_of(srcdir: Path, domain: str) -> dict[str, str]:
    po = srcdir / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po"
    with open(po, encoding="utf8") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


def verticals(stack):
    return stack.find_all("section", recursive=False) or [stack]


def structure(soup: BeautifulSoup) -> list[list[dict]]:
    """Everything of a deck but its words: grid, fragments, icons, ids, attributes, notes."""
    deck = []
    for stack in slides_of(soup):
        column = []
        for slide in verticals(stack):
            column.append(
                {
                    "id": slide.get("id"),
                    "data": sorted((k, v) for k, v in slide.attrs.items() if k.startswith("data-")),
                    "fragments": [
                        (el.name, el.get("data-fragment-index")) for el in slide.select(".fragment")
                    ],
                    "icons": [" ".join(i["class"]) for i in slide.select("i.fa")],
                    "styled": [
                        (el.name, el.get("style"), el.get("width"), el.get("class"))
                        for el in slide.select("[style], [width]")
                        if el.name not in ("section", "aside")
                    ],
                    "notes": len(slide.select("aside.notes")),
                }
            )
        deck.append(column)
    return deck


def deck_text(soup: BeautifulSoup) -> str:
    return soup.select_one("div.slides").get_text(" ")


# -- the catalog -----------------------------------------------------------


def test_corpus_catalog_holds_what_a_translator_translates(make_app, corpus_project, corpus):
    srcdir = corpus_project("gettext")
    app = make_app("gettext", srcdir=srcdir, freshenv=True, confoverrides={"language": "fr"})
    app.build()
    ids = [m.id for m in catalog_of(app, "course") if m.id]
    assert not [m for m in ids if SLIDE_MARKERS.search(m)]
    text = (corpus / "docker-cluster-2018.md").read_text("utf8")
    front = dict(
        line.split(": ", 1) for line in text.split("---")[1].strip().splitlines() if ": " in line
    )
    assert front["title"] in ids and front["subtitle"] in ids
    # Inline markers stay as written, so the translator can keep them.
    item = next(line for line in text.splitlines() if "§icon:briefcase§;" in line)
    assert item.removeprefix("- ").strip() in ids
    # A heading's text comes without the slide id written after it.
    lines = text.splitlines()
    heading = next(
        lines[i - 1]
        for i in range(1, len(lines))
        if lines[i].startswith("§id:") and lines[i - 1].startswith("#")
    )
    assert heading.lstrip("#").strip() in ids


# -- the translated corpus deck ---------------------------------------------


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_translated_corpus_deck_keeps_every_marker(make_app, corpus_project, builder):
    def deck(language: str):
        srcdir = corpus_project(f"{builder}-{language}")
        app = make_app(builder, srcdir=srcdir, freshenv=True, confoverrides={"language": language})
        app.build()
        where = "course" if builder == "revealjs" else "slides/course"
        return srcdir, app, soup_of(app, where)

    _, _, original = deck("fr")  # no French catalog: the course as written
    srcdir, app, translated = deck("en")
    assert "[gh-reveal" not in warnings_of(app._warning)

    assert structure(translated) == structure(original)
    grid = [len(column) for column in structure(original)]
    assert len(grid) > 5 and sum(grid) > 10
    assert sum(len(s["fragments"]) for c in structure(original) for s in c) >= 7

    text, before = deck_text(translated), deck_text(original)
    assert "§" not in text and "§" not in before
    english = translations_of(srcdir, "course")
    squeezed = "".join(text.split())
    for msgstr in english.values():
        # The words of each translation, markers, images and emphasis aside.
        words = re.sub(r"§[a-z]+(:[^§]*§;)?|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[*\[]", "", msgstr)
        words = words.replace("...", "…")  # the course's typography
        assert "".join(words.split()) in squeezed, msgstr
    assert "Docker in a cluster" in text and "Docker en cluster" not in text
    assert "Admin SIG" in before and "Admin SIG" not in text
    if builder == "html":
        page = soup_of(app, "course")
        assert "GIS administrator at" in page.get_text()
        assert "§" not in page.select_one("section").get_text()
        assert len(page.select("i.fa-briefcase, i.fa-gear")) == 2


# -- the example project of the docs -----------------------------------------


@pytest.mark.sphinx("gettext", testroot="i18n-example", freshenv=True)
def test_example_catalog_has_notes_title_and_subtitle(app, warning):
    app.build()
    ids = {m.id for m in catalog_of(app, "lesson") if m.id}
    translations = translations_of(Path(app.srcdir), "lesson")
    assert ids == set(translations)  # the .po translates every message, no stale one
    assert "Un cours bilingue" in ids and "Le même texte, en deux langues" in ids
    assert "Dites bonjour avant de commencer." in ids  # speaker notes
    assert not [m for m in ids if SLIDE_MARKERS.search(m)]
    assert "[gh-reveal" not in warnings_of(warning)


@pytest.mark.sphinx(
    "revealjs", testroot="i18n-example", freshenv=True, confoverrides={"language": "en"}
)
def test_example_deck_in_english(app, warning):
    app.build()
    assert "[gh-reveal" not in warnings_of(warning)
    soup = soup_of(app, "lesson")
    stacks = slides_of(soup)
    assert (
        stacks[0].get_text(" ", strip=True) == "A bilingual course The same text, in two languages"
    )
    hello = soup.select_one("section#hello")
    assert hello is not None and hello["data-background-color"] == "#fef"
    items = hello.select("li.fragment")
    assert [li.get_text(" ", strip=True) for li in items] == ["Good morning", "Good evening"]
    assert [li.get("data-fragment-index") for li in items] == ["2", "1"]
    icon = hello.select_one("h2 i.fa.fa-globe")
    assert icon is not None and icon.next_sibling.strip() == "Hello"
    notes = hello.select_one("aside.notes")
    assert notes.get_text(strip=True) == "Say hello before you start."
    listed = soup_of(app, "index").select_one("main, div.slides, body").get_text(" ", strip=True)
    assert "A bilingual course" in listed and "The same text, in two languages" in listed
    assert "Un cours bilingue" not in listed
    grow = soup.select_one("p.grow")
    assert (
        grow.get_text(" ", strip=True)
        == "A translation moves the icon where the sentence needs it."
    )
    assert grow.select_one("i.fa-arrow-right").next_sibling.strip() == "needs it."
    # '## Au revoir §id:bye§;': the message is the heading's text, the id stays on the slide.
    bye = soup.select_one("section#bye")
    assert bye is not None and bye.find("h2").get_text(strip=True) == "Goodbye"
    assert "See you soon!" in bye.get_text()


# -- translations that get markers wrong -------------------------------------


@pytest.mark.sphinx(
    "revealjs", testroot="i18n-bad", freshenv=True, confoverrides={"language": "en"}
)
def test_msgstr_that_drops_or_adds_a_marker_warns_and_keeps_the_original(app, warning):
    app.build()
    text = warnings_of(warning)
    assert "Traceback" not in text
    source = Path(app.srcdir) / "lesson.md"
    lines = source.read_text("utf8").splitlines()

    def line_of(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    expected = {
        line_of("Premier point qui perd"): "drops '§fragment'",
        line_of("Deuxième point"): "adds '§icon:star§;'",
        line_of("Troisième point"): "drops '§fragment:1§;' and adds '§fragment:2§;'",
        line_of("Une phrase coupée"): "adds '§new'",
        line_of("Une phrase sans id"): "adds '§id:ailleurs§;'",
        line_of("Une faute de frappe"): "adds '§fragmnt'",
    }
    found = re.findall(rf"{re.escape(str(source))}:(\d+): WARNING: (.*) \[gh-reveal\.i18n\]", text)
    assert len(found) == len(expected), text
    for line, message in found:
        assert expected[int(line)] in message, (line, message)
    assert "gh-reveal.marker" not in text  # the typo is reported once, as a translation problem

    soup = soup_of(app, "lesson")
    deck = deck_text(soup)
    assert "§" not in deck
    assert "A point kept right" in deck  # the good translation is used
    assert "Premier point qui perd son fragment" in deck  # a bad one keeps the original
    assert "Une phrase coupée" in deck and "sans id" in deck
    assert len(slides_of(soup)) == 3  # title and two stacks: the added '§new' cut nothing
    assert soup.select_one("#ailleurs") is None
    fragments = [li.get_text(" ", strip=True) for li in soup.select("li.fragment")]
    assert len(fragments) == 5 and fragments[0] == "A point kept right"


@pytest.mark.sphinx("gettext", testroot="i18n-bad", freshenv=True)
def test_cut_in_mid_line_is_left_out_of_the_catalog_with_a_warning(app, warning):
    app.build()
    ids = {m.id for m in catalog_of(app, "lesson") if m.id}
    assert not [m for m in ids if SLIDE_MARKERS.search(m)]
    assert not [m for m in ids if "avant la coupe" in m]
    source = Path(app.srcdir) / "lesson.md"
    line = next(
        i
        for i, text in enumerate(source.read_text("utf8").splitlines(), 1)
        if "avant la coupe" in text
    )
    assert re.search(
        rf"{re.escape(str(source))}:{line}: WARNING: .*slide cut.*\[gh-reveal\.i18n\]",
        warnings_of(warning),
    )


@pytest.mark.sphinx(
    "revealjs", testroot="i18n-chapter", freshenv=True, confoverrides={"language": "en"}
)
def test_msgstr_of_a_chapter_that_adds_a_slide_marker_warns_in_the_chapter(app, warning):
    """The chapter's lines are also lines of the course: each warning names the right file.

    Each says which message it is about, as written in the catalog, cut short if long.
    """
    app.build()
    text = warnings_of(warning)
    found = re.findall(
        rf"{re.escape(str(app.srcdir))}/(.+?):(\d+): WARNING: (.*) \[gh-reveal\.i18n\]", text
    )
    chapter = str(Path("ch", "part.md"))
    expected = {
        (chapter, 3): "the translation of 'Une ligne.' adds '§id:x§;': ",
        (chapter, 5): "the translation of 'Texte du chapitre §fragment' adds '§new': ",
        (chapter, 7): "the translation of 'Une autre phrase §fragment' drops '§fragment': ",
        (chapter, 9): "the translation of 'Une phrase bien plus longue que quarante caractères, "
        "qui co…' adds '§break': ",
        ("course.md", 7): "the translation of 'Texte du cours §fragment' adds '§id:elsewhere§;': ",
    }
    assert sorted((path, int(line)) for path, line, _ in found) == sorted(expected), text
    for path, line, message in found:
        assert message.startswith(expected[path, int(line)]), message
    deck = deck_text(soup_of(app, "course"))
    assert "First" in deck and "In the chapter" in deck  # the good translations are used
    assert "Une ligne." in deck and "Texte du chapitre" in deck  # the bad ones keep the original
    assert "§" not in deck
