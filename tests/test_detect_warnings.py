"""Every ``gh-reveal.*`` warning is found at read time: each builder reports the same set."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sphinx_gh_reveal.cli.__main__ import main

from conftest import ROOTS, warnings_of

#: ``path:line: WARNING: message [gh-reveal.subtype]`` as Sphinx prints it.
_LINE = re.compile(
    r"(?P<file>.+?):(?P<line>\d*): WARNING: (?P<message>.*) \[gh-reveal\.(?P<subtype>\w+)\]"
)


def gh_reveal_warnings(warning, srcdir: Path) -> list[tuple[str, int, str, str]]:
    """The build's gh-reveal warnings as (file, line, subtype, message), file relative to srcdir."""
    found = []
    for text in warnings_of(warning).splitlines():
        match = _LINE.fullmatch(text)
        if match:
            file = Path(match["file"]).relative_to(srcdir).as_posix()
            found.append((file, int(match["line"] or 0), match["subtype"], match["message"]))
    return found


@pytest.fixture
def build(make_app, tmp_path):
    """Build a fresh copy of the warnings root with ``builder``; its gh-reveal warnings."""

    def run(builder: str, name: str, **kwargs) -> list[tuple[str, int, str, str]]:
        srcdir = tmp_path / name
        shutil.copytree(ROOTS / "test-warnings", srcdir)
        app = make_app(builder, srcdir=srcdir, freshenv=True, **kwargs)
        app.build()
        return gh_reveal_warnings(app._warning, srcdir)

    return run


def test_every_builder_and_check_report_the_same_set(build, tmp_path, monkeypatch, capsys):
    deck = build("revealjs", "revealjs")
    subtypes = {subtype for _, _, subtype, _ in deck}
    # The course-wide ones, once found only while a deck was cut, are among them.
    assert {"duplicate_id", "link", "notes"} <= subtypes
    assert len(deck) == len(set(deck)), "each warning once"
    others = {
        "html, slides alongside": build("html", "html"),
        "html, no slides": build(
            "html", "html-alone", confoverrides={"gh_reveal_slides_alongside": False}
        ),
        "dirhtml": build("dirhtml", "dirhtml"),
        "gettext": build("gettext", "gettext"),
        "text": build("text", "text"),
    }
    # gettext adds what only a translator needs to know: a text left out of
    # the catalog (gh-reveal.i18n); every other warning is the same.
    others["gettext"] = [w for w in others["gettext"] if w[2] != "i18n"]
    for name, found in others.items():
        assert sorted(found) == sorted(deck), name

    folder = tmp_path / "check"
    folder.mkdir()
    for source in (ROOTS / "test-warnings").glob("*.md"):
        shutil.copy(source, folder)
    monkeypatch.chdir(folder)
    assert main(["check", "--format", "json", "."]) == 1
    checked = [
        (p["file"], p["line"] or 0, p["subtype"], p["message"])
        for p in json.loads(capsys.readouterr().out)
    ]
    assert sorted(checked) == sorted(deck)


def test_parallel_reading_reports_each_warning_once(build, tmp_path):
    serial = build("html", "serial")
    parallel = build("html", "parallel", parallel=2)
    assert sorted(parallel) == sorted(serial)
    assert len(parallel) == len(set(parallel))


def test_a_changed_chapter_brings_the_course_warnings_back(make_app, tmp_path):
    srcdir = tmp_path / "site"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n')
    (srcdir / "index.md").write_text(
        "---\ntitle: Course\n---\n\n§id:one§;\nIntro\n\n{% include_relative part.md %}\n",
        encoding="utf-8",
    )
    (srcdir / "part.md").write_text("§new\n§id:one§;\nPart\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    first = [w for w in gh_reveal_warnings(app._warning, srcdir) if w[2] == "duplicate_id"]
    assert first == [("part.md", 2, "duplicate_id", first[0][3])]

    app = make_app("html", srcdir=srcdir)
    app.build()
    assert not gh_reveal_warnings(app._warning, srcdir), "nothing changed, nothing re-read"

    (srcdir / "part.md").write_text("§new\nAdded\n\n§id:one§;\nPart\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    again = [w for w in gh_reveal_warnings(app._warning, srcdir) if w[2] == "duplicate_id"]
    assert [(f, line) for f, line, _, _ in again] == [("part.md", 4)]


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_links_to_heading_slugs_and_labels_are_known(make_app, tmp_path, builder):
    # MyST gives heading slugs late (after docutils' ids): the check waits for them.
    srcdir = tmp_path / "slugs"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_gh_reveal"]\nmyst_heading_anchors = 2\n', encoding="utf-8"
    )
    (srcdir / "index.md").write_text(
        "---\ntitle: Slugs\n---\n\n## A.B c\n\n[slug](#/ab-c) and [dead](#/nope)\n"
        "§new\n(named)=\n## Two\n\n[label](#/named)\n",
        encoding="utf-8",
    )
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    found = gh_reveal_warnings(app._warning, srcdir)
    assert [(f, line, sub) for f, line, sub, _ in found] == [("index.md", 7, "link")]
    assert "'#/nope'" in found[0][3]
