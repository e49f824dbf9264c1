"""``{% include_relative %}``: chapters relative to their includer, located warnings."""

from __future__ import annotations

import os
import time

import pytest

from conftest import slides_of, soup_of, warnings_of


@pytest.mark.sphinx("revealjs", testroot="include", freshenv=True)
def test_nested_chapters_are_pasted_in_place(app, warning):
    app.build()
    soup = soup_of(app, "course")
    stacks = slides_of(soup)
    first = stacks[1].find_all("section", recursive=False)
    assert first[0].h2.get_text() == "Chapter one"
    # As in Jekyll, the chapter's text is pasted into the course: image
    # paths are relative to the course page, like the rest of its text.
    assert first[0].find("img")["src"] == "_images/dot.png"
    assert first[0].find("img")["class"] == ["small"]
    assert first[1]["id"] == "two"
    assert len(stacks) == 3


@pytest.mark.sphinx("revealjs", testroot="include", freshenv=True)
def test_warnings_name_the_chapter_file_and_line(app, warning):
    app.build()
    text = warnings_of(warning)
    two = os.path.join("parts", "deeper", "two.md")
    assert f"{two}:4: WARNING: unknown marker '§framgent'" in text
    assert "course.md:9: WARNING: include_relative 'parts/missing.md': no such file" in text
    assert text.count("[gh-reveal.include]") == 1
    assert text.count("WARNING") == 2
    assert text.count("[gh-reveal.marker]") == 1


@pytest.mark.sphinx("revealjs", testroot="include", freshenv=True)
def test_chapters_are_not_pages_of_their_own(app, warning):
    app.build()
    assert sorted(app.env.found_docs) == ["course", "index"]
    assert not (app.outdir / "parts").exists()
    assert "toctree" not in warnings_of(warning)


@pytest.mark.sphinx(
    "revealjs",
    testroot="include",
    freshenv=True,
    confoverrides={"suppress_warnings": ["gh-reveal.include", "gh-reveal.marker"]},
)
def test_warnings_can_be_silenced_by_type(app, warning):
    app.build()
    assert warnings_of(warning) == ""


@pytest.mark.sphinx("revealjs", testroot="include", freshenv=True)
def test_touching_a_chapter_rebuilds_its_course(app, status):
    app.build()
    chapter = app.srcdir / "parts" / "deeper" / "two.md"
    later = time.time() + 5
    os.utime(chapter, (later, later))
    status.seek(0)
    status.truncate()
    app.build()
    log = status.getvalue()
    assert "1 changed" in log
    assert "course" in log.split("reading sources")[1]


def test_include_lines_in_code_fences_name_no_chapter():
    from sphinx_gh_reveal.chapters import included_paths

    text = (
        "{% include_relative a.md %}\n````\n{% include_relative shown.md %}\n```\n````\n"
        "  {% include_relative b.md %}\n"
    )
    assert included_paths(text) == ["a.md", "b.md"]
