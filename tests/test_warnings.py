"""Bad input: a located, typed warning each, and the build goes on."""

from __future__ import annotations

import pytest

from conftest import soup_of, warnings_of


@pytest.fixture
def built(app, warning):
    app.build()
    return app, warnings_of(warning)


def lines_of(text: str, subtype: str) -> list[str]:
    return [line for line in text.splitlines() if line.endswith(f"[gh-reveal.{subtype}]")]


@pytest.mark.parametrize(
    ("subtype", "where", "words"),
    [
        ("marker", "bad.md:8", "unknown marker '§framgent'"),
        ("marker", "bad.md:9", "'§icon:' is not closed"),
        ("attrs", "bad.md:10", "'nokey' has no value"),
        ("target", "bad.md:6", "has no element before it"),
        ("theme", "bad.md:1", "unknown theme 'neon'"),
        ("front_matter", "bad.md:1", "'draft' must be true or false"),
        ("link", "bad.md:13", "link to '#/nowhere'"),
        ("notes", "bad.md:16", "'§notes' a second time"),
        ("duplicate_id", "bad.md:19", "slide id 'one' is already used"),
        ("unsafe", "bad.md:20", "onclick"),
        ("marker", "bad.md:23", "'§new' inside a table cell"),
        ("front_matter", "badmatter.md:1", "front matter could not be read"),
    ],
)
@pytest.mark.sphinx("revealjs", testroot="warnings", freshenv=True)
def test_each_problem_is_reported_where_it_is(built, subtype, where, words):
    _, text = built
    assert any(where in line and words in line for line in lines_of(text, subtype)), text


@pytest.mark.sphinx("revealjs", testroot="warnings", freshenv=True)
def test_the_deck_is_still_written_with_the_text_kept(built):
    app, _ = built
    soup = soup_of(app, "bad")
    text = soup.select_one("div.slides").get_text()
    assert "Typo §framgent here." in text
    assert "first notes" in text and "more notes" in text
    styled = soup.find(class_="ok")
    assert styled is not None and not styled.has_attr("onclick")
    assert not soup.select('a[href^="javascript"]')
    assert soup_of(app, "badmatter").find(class_="fragment") is not None
    # A link in a heading is written inside the deck's heading.
    assert soup.select_one("h2 a")["href"] == "https://example.org"
    assert "unknown theme" in _ and "black.css" in str(soup.find_all("link"))


@pytest.mark.sphinx(
    "revealjs",
    testroot="warnings",
    freshenv=True,
    confoverrides={"gh_reveal_allow_unsafe_attributes": True},
)
def test_unsafe_attributes_need_an_explicit_opt_in(built):
    app, text = built
    assert not lines_of(text, "unsafe")
    assert soup_of(app, "bad").find(class_="ok")["onclick"] == "alert(1)"
