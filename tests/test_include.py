"""``{% include_relative %}``: chapters relative to their includer, located warnings."""

from __future__ import annotations

import json
import os
import re
import shutil
import time

import pytest

from sphinx_gh_reveal.cli.__main__ import main
from sphinx_gh_reveal.rendering import chapter_cache

from conftest import ROOTS, slides_of, soup_of, warnings_of


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


# -- MyST's own warnings in a chapter -----------------------------------------

#: ``roots/test-include-myst-warnings``: where each of MyST's warnings is.
MYST_WARNINGS = [
    ("course.md", 7, "Unknown directive type: 'coursedirective' [myst.directive_unknown]"),
    (
        os.path.join("ch", "part.md"),
        5,
        "Unknown directive type: 'unknowndirective' [myst.directive_unknown]",
    ),
    (
        os.path.join("ch", "part.md"),
        9,
        'Unknown interpreted text role "unknownrole". [myst.role_unknown]',
    ),
    (
        os.path.join("ch", "fence.md"),
        5,
        "Unknown directive type: 'fencedirective' [myst.directive_unknown]",
    ),
]


def myst_warnings_of(text: str, srcdir) -> list[tuple[str, int, str]]:
    """The ``[myst.*]`` warnings of a build: file (relative to ``srcdir``), line, message."""
    found = re.findall(rf"{re.escape(str(srcdir))}/(.+?):(\d+): WARNING: (.*\[myst\.\w+\])", text)
    return [(path, int(line), message) for path, line, message in found]


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_myst_warnings_name_the_chapter_file_and_line(app_in_copy, builder):
    app = app_in_copy("include-myst-warnings", builder)
    app.build()
    text = warnings_of(app._warning)
    assert myst_warnings_of(text, app.srcdir) == MYST_WARNINGS, text


def test_myst_warnings_of_a_replayed_chapter_name_it_too(make_app, sphinx_test_tempdir):
    """With the chapter cache on, a chapter replayed from its recording warns where it did."""
    srcdir = sphinx_test_tempdir / "include-myst-warnings-cached"
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(ROOTS / "test-include-myst-warnings", srcdir)
    app = make_app(
        "revealjs", srcdir=srcdir, freshenv=True, confoverrides={"gh_reveal_chapter_cache": True}
    )
    chapter_cache.STORE.clear()
    chapter_cache.STORE.take_stats()
    app.build()
    assert chapter_cache.STORE.take_stats().recorded == 1  # fence.md; part.md warns in text
    course = srcdir / "course.md"
    later = time.time() + 5
    os.utime(course, (later, later))
    app._warning.seek(0)
    app._warning.truncate()
    app.build()
    assert chapter_cache.STORE.take_stats().reused == 1
    text = warnings_of(app._warning)
    assert myst_warnings_of(text, app.srcdir) == MYST_WARNINGS, text


def test_check_all_names_the_chapter_file_and_line(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOTS / "test-include-myst-warnings", tmp_path / "src")
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--all", "--format", "json", "src/course.md"])
    out, _ = capsys.readouterr()
    assert status == 1
    found = [(entry["file"], entry["line"], entry["message"]) for entry in json.loads(out)]
    assert found == [
        (f"src/{path}".replace(os.sep, "/"), line, message.rsplit(" [", 1)[0])
        for path, line, message in sorted(MYST_WARNINGS)
    ]
