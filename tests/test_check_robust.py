"""``check`` goes on when one course breaks the build, and reads Sphinx's log records."""

from __future__ import annotations

import json

from sphinx_gh_reveal.cli.__main__ import main
from sphinx_gh_reveal.parser import CourseParser


def check_json(capsys, *args: str) -> tuple[int, list[dict]]:
    status = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert err == ""
    return status, json.loads(out)


def break_reading_of(monkeypatch, docname: str) -> None:
    """Make the parser raise on one document, as a bug in the extension would."""
    parse = CourseParser.parse

    def parse_or_crash(self, inputstring, document):
        if document.settings.env.docname == docname:
            raise TypeError("a bug met in this course")
        return parse(self, inputstring, document)

    monkeypatch.setattr(CourseParser, "parse", parse_or_crash)


def test_one_broken_course_does_not_hide_the_others(courses, capsys, monkeypatch):
    _, clean = check_json(capsys, "courses")
    assert len(clean) >= 10
    (courses / "broken.md").write_text(
        "---\ntitle: Broken\n---\n\n§new\n\nText\n", encoding="utf-8"
    )
    break_reading_of(monkeypatch, "broken")
    status, problems = check_json(capsys, "courses")
    assert status == 1
    failed = [p for p in problems if p["subtype"] == "build"]
    assert failed == [
        {
            "file": "courses/broken.md",
            "line": None,
            "type": "gh-reveal",
            "subtype": "build",
            "message": "the build of this file failed: TypeError: a bug met in this course "
            "(--traceback shows where; please report it)",
        }
    ]
    # Every problem of the other courses is still there, each once.
    assert [p for p in problems if p["subtype"] != "build"] == clean


def test_problems_found_before_the_crash_are_kept(courses, capsys, monkeypatch):
    (courses / "broken.md").write_text(
        "---\ntitle: Broken\ndraft: maybe\n---\n\n§new\n\nText\n", encoding="utf-8"
    )
    parse = CourseParser.parse

    def warn_then_crash(self, inputstring, document):
        parse(self, inputstring, document)  # warns about 'draft'
        if document.settings.env.docname == "broken":
            raise TypeError("late")

    monkeypatch.setattr(CourseParser, "parse", warn_then_crash)
    status, problems = check_json(capsys, "courses/broken.md")
    assert status == 1
    assert [(p["file"], p["line"], p["subtype"]) for p in problems] == [
        ("courses/broken.md", None, "build"),
        ("courses/broken.md", 1, "front_matter"),
    ]


def test_a_bad_path_is_still_exit_2(courses, capsys):
    assert main(["check", "courses", "courses/nothing.md"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "courses/nothing.md: no such file or folder" in err


def test_a_message_that_reads_like_a_printed_warning_is_one_problem(courses, capsys):
    # Parsing the printed text would split this message at its ": WARNING: ".
    (courses / "odd.md").write_text(
        "---\ntitle: Odd\n---\n\n§new\n\n[x](#/a:1:%20WARNING:%20b)\n", encoding="utf-8"
    )
    status, problems = check_json(capsys, "courses/odd.md")
    assert status == 1
    assert [(p["file"], p["line"], p["subtype"]) for p in problems] == [
        ("courses/odd.md", 7, "link")
    ]
    assert problems[0]["message"].startswith("link to '#/a:1:")
