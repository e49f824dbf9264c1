"""Front matter ends where Jekyll ended it, for the import and for the build alike.

One function (``sphinx_gh_reveal.course.split_front_matter``) decides it;
these tests show both readers agree on a front matter no line closes.
"""

from __future__ import annotations

from pathlib import Path

from sphinx_gh_reveal.cli.__main__ import main

from conftest import run_module
from warnlog import parse_warnings

UNCLOSED = "---\ntitle: Never closed\n\n§new\n## A slide\n"
CLOSED = "---\ntitle: Closed\n...\n§new\n## A slide\n"


def test_import_takes_a_front_matter_no_line_closes_for_none(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "_presentations").mkdir(parents=True)
    (site / "_presentations" / "open.md").write_text(UNCLOSED, encoding="utf8")
    (site / "_presentations" / "dots.md").write_text(CLOSED, encoding="utf8")
    assert main(["import", str(site), str(tmp_path / "project")]) == 0
    out = capsys.readouterr().out
    assert "_presentations/open.md:1: no front matter, so Jekyll published it" in out
    assert "_presentations/dots.md -> courses/dots.md" in out
    assert (tmp_path / "project" / "courses" / "dots.md").read_text("utf8") == CLOSED
    assert not (tmp_path / "project" / "courses" / "open.md").exists()


def test_the_build_says_which_line_is_missing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', encoding="utf8")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nopen\ndots\n```\n", encoding="utf8")
    (src / "open.md").write_text(UNCLOSED, encoding="utf8")
    (src / "dots.md").write_text(CLOSED, encoding="utf8")
    result = run_module("sphinx", "-q", "-b", "html", src, tmp_path / "out", timeout=300)
    assert result.returncode == 0, result.stderr
    ours = [w for w in parse_warnings(result.stderr) if w.type == "gh-reveal"]
    assert [(Path(w.file).name, w.line, w.subtype) for w in ours] == [
        ("open.md", 1, "front_matter")
    ], result.stderr
    assert "no '---' line closes it" in ours[0].message
    page = (tmp_path / "out" / "dots.html").read_text("utf8")
    assert "Closed" in page
