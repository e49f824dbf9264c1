"""``sphinx-gh-reveal check``: the Sphinx build's messages, without a Sphinx project."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from sphinx_gh_reveal.cli.__main__ import main

from conftest import ROOTS, run_module, warnings_of

WARNINGS = ROOTS / "test-warnings"


def check(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def build_lines(warning) -> set[str]:
    """The build's gh-reveal warnings, written as ``check`` writes them."""
    lines = set()
    for line in warnings_of(warning).splitlines():
        match = re.fullmatch(r".*/([^/]+:\d+): WARNING: (.*\[gh-reveal\.\w+\])", line)
        if match:
            lines.add(f"courses/{match[1]}: {match[2]}")
    return lines


@pytest.mark.sphinx("revealjs", testroot="warnings", freshenv=True)
def test_folder_gives_the_messages_of_the_sphinx_build(app, warning, courses, capsys):
    app.build()
    expected = build_lines(warning)
    assert len(expected) >= 10
    status, out, err = check(capsys, "courses")
    assert (status, err) == (1, "")
    assert set(out.splitlines()) == expected
    assert len(out.splitlines()) == len(expected)  # each once


def test_lines_are_sorted_by_file_and_line(courses, capsys):
    _, out, _ = check(capsys, "courses")
    places = [re.match(r"(.+?):(\d+):", line).groups() for line in out.splitlines()]
    assert places == sorted(places, key=lambda place: (place[0], int(place[1])))
    assert places[0] == ("courses/bad.md", "1")


def test_a_file_given_is_checked_alone(courses, capsys):
    status, out, _ = check(capsys, "courses/badmatter.md")
    assert status == 1
    assert out.splitlines() == [
        "courses/badmatter.md:1: front matter could not be read (Malformed YAML): "
        "write 'key: value' lines between two '---' lines [gh-reveal.front_matter]"
    ]


def test_all_adds_the_other_warnings(courses, capsys):
    _, out, _ = check(capsys, "--all", "courses/badmatter.md")
    assert "courses/badmatter.md:1: Malformed YAML [myst.topmatter]" in out.splitlines()


def test_a_file_given_is_a_course_even_without_markers(courses, capsys):
    (courses / "plain.md").write_text("---\ntitle: Plain\n---\n\n[away](#/nowhere)\n")
    status, out, _ = check(capsys, "courses/plain.md")
    assert status == 1 and "courses/plain.md:5: link to '#/nowhere'" in out
    # In a folder, the course rule applies: no marker, not a course.
    (courses / "bad.md").unlink()
    (courses / "badmatter.md").unlink()
    assert check(capsys, "courses") == (0, "", "")


def test_json_lists_one_object_per_problem(courses, capsys):
    status, out, _ = check(capsys, "--format", "json", "courses")
    problems = json.loads(out)
    assert status == 1 and len(problems) >= 10
    for problem in problems:
        assert set(problem) == {"file", "line", "type", "subtype", "message"}
        assert problem["type"] == "gh-reveal" and isinstance(problem["line"], int)
        assert not problem["message"].endswith("]")
    assert {
        "file": "courses/bad.md",
        "line": 8,
        "type": "gh-reveal",
        "subtype": "marker",
        "message": "unknown marker '§framgent' (write \\§ for a literal §)",
    } in problems


def test_a_clean_course_exits_0_silently(tmp_path, monkeypatch, capsys):
    shutil.copy(ROOTS / "test-basic" / "course.md", tmp_path)
    shutil.copytree(ROOTS / "test-basic" / "img", tmp_path / "img")
    monkeypatch.chdir(tmp_path)
    assert check(capsys, "course.md") == (0, "", "")
    assert check(capsys, "--format", "json", ".") == (0, "[]\n", "")


def test_a_chapter_is_checked_through_its_course(tmp_path, monkeypatch, capsys):
    shutil.copytree(
        ROOTS / "test-include", tmp_path / "site", ignore=shutil.ignore_patterns("conf.py")
    )
    monkeypatch.chdir(tmp_path / "site")
    status, out, _ = check(capsys, "--root", ".", "parts/one.md")
    assert status == 1
    assert "parts/deeper/two.md:4: unknown marker '§framgent'" in out
    assert "course.md:9: include_relative 'parts/missing.md': no such file" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.md"], "missing.md: no such file or folder"),
        (["conf.py"], "conf.py: not a Markdown (.md) file"),
        (["--root", "nowhere", "x.md"], "--root nowhere: no such folder"),
    ],
)
def test_bad_paths_exit_2_with_a_message(tmp_path, monkeypatch, capsys, args, words):
    (tmp_path / "conf.py").write_text("")
    monkeypatch.chdir(tmp_path)
    status, out, err = check(capsys, *args)
    assert (status, out) == (2, "")
    assert err == f"sphinx-gh-reveal check: {words}\n"


def test_python_m_runs_the_same_check(courses, capsys):
    _, in_process, _ = check(capsys, "courses/bad.md")
    result = run_module("sphinx_gh_reveal", "check", "courses/bad.md")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == in_process


def test_a_failed_build_is_a_problem_of_the_file_not_a_traceback(courses, capsys, monkeypatch):
    from sphinx.application import Sphinx

    def crash(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Sphinx, "build", crash)
    status, out, err = check(capsys, "courses/bad.md")
    assert (status, err) == (1, "")
    assert out == (
        "courses/bad.md: the build of this file failed: RuntimeError: boom "
        "(--traceback shows where; please report it) [gh-reveal.build]\n"
    )
    with pytest.raises(RuntimeError, match="boom"):
        main(["check", "--traceback", "courses/bad.md"])
