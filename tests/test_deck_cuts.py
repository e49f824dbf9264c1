"""Cuts where a slide cannot be cut (a table, a directive, a footnote), and footnotes in a deck."""

from __future__ import annotations

import pytest

from conftest import slides_of, soup_of, warnings_of


@pytest.fixture
def built(app, warning):
    app.build()
    return app, warnings_of(warning)


def verticals(stack):
    return stack.find_all("section", recursive=False)


def marker_warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.endswith("[gh-reveal.marker]")]


@pytest.mark.sphinx("revealjs", testroot="deck-cuts", freshenv=True)
def test_the_cuts_of_one_table_follow_it_in_the_order_written(built):
    app, text = built
    stacks = slides_of(soup_of(app, "table"))[1:]
    # '| c1 §notes | c2 §break |': the table's slide gets notes (empty), then a new slide.
    table_slide, after = verticals(stacks[0])
    assert table_slide.find("table") is not None
    assert table_slide.select_one("aside.notes").get_text(strip=True) == ""
    assert after.get_text(strip=True) == "after the first table"
    assert after.find("aside") is None
    # '| c1 §new | c2 §notes |': a new stack, whose slide is notes only.
    assert stacks[1].find("table") is not None
    (new,) = verticals(stacks[2])
    assert new.select_one("aside.notes").get_text(strip=True) == "said, not shown"
    lines = marker_warnings(text)
    assert len([line for line in lines if "table.md:7:" in line]) == 2
    assert any("table.md:17:" in line and "'§new' inside a table cell" in line for line in lines)


@pytest.mark.sphinx("revealjs", testroot="deck-cuts", freshenv=True)
def test_a_cut_in_a_directive_moves_after_it_and_says_so(built):
    app, text = built
    stacks = slides_of(soup_of(app, "directive"))[1:]
    first = verticals(stacks[0])[0]
    note = first.select_one("div.note")
    assert "after the cut in the fenced note" in note.get_text()
    assert verticals(stacks[1])[0].get_text(strip=True) == "after the fenced note"
    # The colon fenced note is not cut in two either; the break follows it.
    colon, after = verticals(stacks[2])
    assert len(colon.select("div.note")) == 1
    assert "after the cut in the colon note" in colon.select_one("div.note").get_text()
    assert after.get_text(strip=True) == "after the colon note"
    lines = marker_warnings(text)
    assert any(
        "directive.md:10:" in line
        and "'§new' inside a note: the slide is cut after the note" in line
        for line in lines
    ), text
    assert any(
        "directive.md:24:" in line
        and "'§break' inside a note: the slide is cut after the note" in line
        for line in lines
    ), text

    # A fenced note's body is Markdown: its markers act where they stand.
    note = verticals(stacks[3])[0].select_one("div.note")
    assert "fragment" not in note.get("class", [])
    first_item, other_item = note.find_all("li")
    assert "fragment" in first_item["class"] and "one item" in first_item.get_text()
    assert "fragment" not in other_item.get("class", [])
    assert "§" not in note.get_text()


@pytest.mark.sphinx("revealjs", testroot="deck-cuts", freshenv=True)
def test_footnotes_sit_at_the_bottom_of_the_slide_that_refers_to_them(built):
    app, _ = built
    soup = soup_of(app, "footnotes")
    deck = soup.select_one("div.slides")
    assert [child.name for child in deck.find_all(recursive=False)] == ["section"] * 3
    first, second = (verticals(stack)[0] for stack in slides_of(soup)[1:])
    body = first.find("aside", class_="footnote-list", recursive=False)
    assert body.get_text(" ", strip=True).endswith("the first note.")
    notes = first.select_one("aside.notes")
    assert "the note of the notes" in notes.select_one("aside.footnote-list").get_text()
    assert "the second note" in second.select_one("aside.footnote-list").get_text()
    # Each footnote is next to its reference: the link stays on the slide.
    for ref in deck.select("a.footnote-reference"):
        footnote = deck.select_one(ref["href"])
        assert footnote.find_parent("section") is ref.find_parent("section")


@pytest.mark.sphinx("revealjs", testroot="deck-cuts", freshenv=True)
def test_a_cut_in_a_footnote_has_no_effect_and_says_so(built):
    app, text = built
    soup = soup_of(app, "footnotes")
    assert len(slides_of(soup)) == 3  # the title slide and the two written stacks
    assert not soup.select("aside.footnote hr")
    assert any(
        "footnotes.md:18:" in line and "'§new' inside a footnote has no effect" in line
        for line in marker_warnings(text)
    ), text


@pytest.mark.sphinx("html", testroot="deck-cuts", freshenv=True)
def test_the_page_keeps_its_footnotes_at_the_end(built):
    app, _ = built
    page = soup_of(app, "footnotes")
    footnotes = page.select("aside.footnote")
    assert [f.p.get_text() for f in footnotes] == [
        "the first note.",
        "the note of the notes",
        "the second note",
    ]
    assert not page.select("aside.footnote hr")
    assert footnotes[0].find_parent("aside").find_previous("hr")["class"] == [
        "footnotes",
        "docutils",
    ]


@pytest.mark.sphinx("revealjs", testroot="deck-cuts", freshenv=True)
def test_a_course_of_one_footnote_keeps_it_on_a_slide(built):
    app, text = built
    slides = soup_of(app, "only-footnote").select_one("div.slides")
    assert all(child.name == "section" for child in slides.find_all(recursive=False))
    assert "A note no slide refers to." in slides.select_one("section aside").get_text()
    assert "only-footnote.md:6: WARNING: Footnote [1] is not referenced." in text


def duplicate_id_warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.endswith("[gh-reveal.duplicate_id]")]


@pytest.mark.sphinx("revealjs", testroot="deck-cuts", freshenv=True)
def test_slide_markers_in_a_footnote_have_no_effect_and_say_so(built):
    app, text = built
    soup = soup_of(app, "footnote-markers")
    assert not soup.select("[data-background-color]")
    assert not soup.select("#fnid")
    assert soup.select_one("aside.footnote p").get_text(strip=True) == "A note"
    lines = [line for line in marker_warnings(text) if "footnote-markers.md:13:" in line]
    assert any("'§id:fnid§;' inside a footnote has no effect" in line for line in lines), text
    assert any(
        "'§slide:data-background-color=red§;' inside a footnote has no effect" in line
        for line in lines
    ), text
    # The link to the id the footnote meant to give is dead, and said to be.
    assert "footnote-markers.md:7: WARNING: link to '#/fnid'" in text


@pytest.mark.sphinx("html", testroot="deck-cuts", freshenv=True)
def test_the_page_has_no_id_from_a_footnote_marker(built):
    app, _ = built
    assert not soup_of(app, "footnote-markers").select("#fnid")


@pytest.mark.sphinx("revealjs", testroot="deck-cuts", freshenv=True)
def test_an_element_id_used_twice_in_a_deck_is_kept_once_and_reported(built):
    app, text = built
    soup = soup_of(app, "ids")
    assert [p.get_text() for p in soup.select("#dup")] == ["P1"]
    assert [node.name for node in soup.select("#intro")] == ["section"]
    lines = duplicate_id_warnings(text)
    assert any("ids.md:9:" in line and "id 'dup' is already used" in line for line in lines), text
    assert any(
        "ids.md:15:" in line and "id 'intro' is already used by another slide" in line
        for line in lines
    ), text
    assert len([line for line in lines if "ids.md" in line]) == 2, text


@pytest.mark.sphinx("text", testroot="deck-cuts", freshenv=True)
def test_a_repeated_element_id_is_reported_by_every_builder(built):
    # Found when the course is read, so text, gettext and check report it too.
    _, text = built
    lines = [line for line in duplicate_id_warnings(text) if "ids.md" in line]
    assert len(lines) == 2, text
    assert "ids.md:9:" in lines[0] and "ids.md:15:" in lines[1]
