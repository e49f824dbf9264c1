"""Inputs that used to crash, hang or lose a course (issue #14 items 4-9).

Each test is the reproducer of the report, built in a subprocess (with a
timeout: a hang fails the test) with both builders where it matters.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_module
from warnlog import parse_warnings

CONF = 'extensions = ["sphinx_gh_reveal"]\nshow_warning_types = True\n'


def project(root: Path, files: dict[str, str | bytes]) -> Path:
    src = root / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(CONF)
    for name, text in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return src


def build(src: Path, builder: str, out: Path, *extra: str):
    result = run_module("sphinx", "-q", "-b", builder, *extra, src, out, timeout=300)
    assert "Traceback" not in result.stderr and "CRITICAL" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    return parse_warnings(result.stderr), result.stderr


def deck_config(path: Path) -> dict:
    """The page's own ``Reveal.initialize`` options, as JSON."""
    confs = re.findall(r"Object\.assign\(revealjsConfig, (\{.*?\})\);", path.read_text("utf8"))
    return json.loads(confs[-1])


# -- item 4: front matter that JSON cannot hold ---------------------------------------------

FRONT = """\
---
title: Types
initialization:
  slideNumber: c/t
  when: 2020-01-01
  stamp: 2020-01-01 10:00:00
  set: !!set {a, b}
  blob: !!binary aGVsbG8=
  mixed: {1: a, b: c}
  ~: null key
  true: bool key
  loop: &loop [1, *loop]
  nan: .nan
---

§new
## One
"""


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_initialization_of_any_yaml_type_is_a_warning_not_a_crash(tmp_path, builder):
    src = project(tmp_path, {"index.md": FRONT})
    warnings, _ = build(src, builder, tmp_path / "out")
    dropped = [w for w in warnings if w.subtype == "front_matter"]
    assert all(
        w.type == "gh-reveal" and w.file.endswith("index.md") and w.line == 1 for w in dropped
    )
    text = " ".join(w.message for w in dropped)
    for part in ("when", "stamp", "set", "blob", "loop", "nan"):
        assert f"'initialization.{part}" in text, part
    assert "key 1" in text and "key None" in text and "key True" in text
    deck = tmp_path / "out" / ("index.html" if builder == "revealjs" else "slides/index.html")
    # What JSON can hold is kept: the option, the text key of a mixed mapping,
    # the list that held itself, without itself.
    assert deck_config(deck) == {
        "history": True,
        "slideNumber": "c/t",
        "mixed": {"b": "c"},
        "loop": [1],
    }


# -- items 5 and 6: deep and cyclic includes ------------------------------------------------


@pytest.mark.parametrize("depth", [250, 1000])
def test_a_deep_include_chain_stops_with_a_located_warning(tmp_path, depth):
    files = {"index.md": "---\ntitle: Chain\n---\n§new\n## Top\n{% include_relative c0.md %}\n"}
    for i in range(depth):
        files[f"c{i}.md"] = f"chapter {i} §fragment\n{{% include_relative c{i + 1}.md %}}\n"
    files[f"c{depth}.md"] = "the end\n"
    src = project(tmp_path, files)
    warnings, _ = build(src, "revealjs", tmp_path / "out")
    assert [(Path(w.file).name, w.line, w.subtype) for w in warnings] == [("c31.md", 2, "include")]
    slides = (tmp_path / "out" / "index.html").read_text("utf8")
    assert "chapter 31" in slides and "chapter 32" not in slides
    assert not list((tmp_path / "out").glob("c*.html"))  # chapters are no pages


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_courses_in_include_cycles_stay_courses(tmp_path, builder):
    src = project(
        tmp_path,
        {
            "index.md": "# Index\n\n```{toctree}\nloop\na\nb\n```\n",
            "loop.md": "---\ntitle: Loop\n---\n§new\n## L\n{% include_relative loop.md %}\n",
            "a.md": "---\ntitle: A\n---\n§new\n## From A\n{% include_relative b.md %}\n",
            "b.md": "---\ntitle: B\n---\n§new\n## From B\n{% include_relative a.md %}\n",
        },
    )
    warnings, _ = build(src, builder, tmp_path / "out")
    cycles = sorted((Path(w.file).name, w.line) for w in warnings if "includes itself" in w.message)
    assert cycles == [("a.md", 6), ("b.md", 6), ("loop.md", 6)]
    assert all(w.subtype == "include" for w in warnings), warnings
    out = tmp_path / "out"
    decks = out if builder == "revealjs" else out / "slides"
    for name, title in (("loop", "Loop"), ("a", "A"), ("b", "B")):
        assert BeautifulSoup((out / f"{name}.html").read_text("utf8"), "html.parser").title
        assert f">{title}<" in (decks / f"{name}.html").read_text("utf8")
    # A includes B, which is pasted in once; B's include of A is the cycle.
    a = (decks / "a.html").read_text("utf8")
    assert "From A" in a and "From B" in a


def test_a_chapter_reached_through_a_cycle_is_still_a_chapter(tmp_path):
    from sphinx.util.matching import Matcher

    from sphinx_gh_reveal.chapters import find_chapters

    src = project(
        tmp_path,
        {
            "index.md": "{% include_relative a.md %}\n",
            "a.md": "{% include_relative b.md %}\n",
            "b.md": "{% include_relative a.md %}\n{% include_relative c.md %}\n",
            "c.md": "leaf\n",
            "self.md": "{% include_relative self.md %}\n",
        },
    )
    assert find_chapters(src, Matcher([]), (".md",)) == ["a.md", "b.md", "c.md"]


# -- item 7: the chapter scan stays in the source folder ---------------------------------

AUDIT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from sphinx.util.matching import Matcher
    from sphinx_gh_reveal.chapters import scan_sources
    opened = []
    sys.addaudithook(
        lambda event, args: event == "open" and isinstance(args[0], (str, bytes, Path))
        and opened.append(str(args[0]))
    )
    scan = scan_sources(Path(sys.argv[1]), Matcher([]), (".md",))
    print(repr((scan.chapters, scan.unreadable, opened)))
""")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_the_chapter_scan_opens_nothing_outside_and_no_device_or_fifo(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("{% include_relative x.md %}\n")
    src = project(
        tmp_path,
        {
            "index.md": "{% include_relative chapter.md %}\n{% include_relative linked.md %}\n",
            "chapter.md": "text\n",
        },
    )
    (src / "linked.md").symlink_to(outside / "secret.md")
    (src / "dir").symlink_to(outside, target_is_directory=True)
    (src / "zero.md").symlink_to("/dev/zero")
    (src / "dangling.md").symlink_to(src / "nowhere")
    os.mkfifo(src / "pipe.md")
    result = subprocess.run(
        [sys.executable, "-c", AUDIT, str(src)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    chapters, unreadable, opened = eval(result.stdout)  # noqa: S307 - our own repr
    assert chapters == ["chapter.md"]
    assert sorted(unreadable) == [
        ("dangling.md", "a broken symbolic link or unreadable"),
        ("pipe.md", "a FIFO"),
        ("zero.md", "a device"),
    ]
    # Modules Python imports on the way (a codec) are not the scan's reading.
    files = [Path(p) for p in opened if not os.path.isdir(p) and not p.endswith((".py", ".pyc"))]
    assert files and all(f.resolve().is_relative_to(src.resolve()) for f in files), opened
    assert {f.name for f in files} <= {"index.md", "chapter.md"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_devices_and_broken_links_named_md_are_left_out_with_a_warning(tmp_path):
    src = project(tmp_path, {"index.md": "---\ntitle: T\n---\n§new\n## x\n"})
    os.mkfifo(src / "pipe.md")
    (src / "zero.md").symlink_to("/dev/zero")
    (src / "dangling.md").symlink_to(src / "nowhere")
    warnings, _ = build(src, "revealjs", tmp_path / "out")  # a hang would time out
    left_out = sorted((Path(w.file).name, w.subtype) for w in warnings if "left out" in w.message)
    assert left_out == [("dangling.md", "include"), ("pipe.md", "include"), ("zero.md", "include")]


# -- item 8: a binary chapter ----------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_binary_nul_and_fifo_chapters_are_typed_located_warnings(tmp_path):
    src = project(
        tmp_path,
        {
            "index.md": "---\ntitle: T\n---\n§new\n## x\n{% include_relative bin.md %}\n"
            "{% include_relative nul.md %}\n{% include_relative pipe.txt %}\nafter\n",
            "bin.md": bytes(range(128, 256)) * 4,
            "nul.md": b"text\x00more\n",
        },
    )
    os.mkfifo(src / "pipe.txt")
    warnings, _ = build(src, "revealjs", tmp_path / "out")
    assert [(Path(w.file).name, w.line, w.subtype) for w in warnings] == [
        ("index.md", 6, "include"),
        ("index.md", 7, "include"),
        ("index.md", 8, "include"),
    ]
    assert "binary" in warnings[0].message and "FIFO" in warnings[2].message
    assert "after" in (tmp_path / "out" / "index.html").read_text("utf8")


# -- item 9: import ----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_import_reports_links_fifos_and_clashes_and_the_project_builds(tmp_path):
    site = tmp_path / "site"
    (site / "_presentations").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Site\n")
    (site / "index.md").write_text("# Site index\n\nShared text §fragment\n")
    (site / "_presentations" / "a.md").write_text(
        "---\ntitle: A\n---\n§new\n## a\n{% include_relative ../index.md %}\n"
    )
    (site / "_presentations" / "x <y>.md").write_text("---\ntitle: Angles\n---\n§new\n## xy\n")
    (site / "_presentations" / "broken.md").symlink_to("nowhere.md")
    os.mkfifo(site / "_presentations" / "pipe.md")
    dest = tmp_path / "proj"
    result = run_module("sphinx_gh_reveal", "import", site, dest, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "_presentations/broken.md:1: a broken symbolic link" in result.stdout
    assert "_presentations/pipe.md:1: a FIFO" in result.stdout
    assert "index.md:1: lands on index.md" in result.stdout
    # The chapter keeps its bytes; the list of courses goes elsewhere.
    assert (dest / "index.md").read_text() == (site / "index.md").read_text()
    assert "root_doc = 'gh-reveal-index'" in (dest / "conf.py").read_text()
    warnings, _ = build(dest, "html", tmp_path / "out")
    assert warnings == []
    root = BeautifulSoup(
        (tmp_path / "out" / "gh-reveal-index.html").read_text("utf8"), "html.parser"
    )
    titles = {a.get_text(): a["href"] for a in root.select("a") if "courses/" in a.get("href", "")}
    assert titles.get("Angles") in ("courses/x%20%3Cy%3E.html", "courses/x <y>.html"), titles
    assert (tmp_path / "out" / "courses" / "x <y>.html").is_file()
    assert "Shared text" in (tmp_path / "out" / "courses" / "a.html").read_text("utf8")


def test_import_refuses_a_course_that_lands_on_a_generated_file(tmp_path, capsys):
    from sphinx_gh_reveal.cli.__main__ import main

    site = tmp_path / "site"
    (site / "_presentations").mkdir(parents=True)
    (site / "requirements.txt").write_text("mine\n")
    (site / "_presentations" / "a.md").write_text(
        "---\ntitle: A\n---\n§new\n{% include_relative ../requirements.txt %}\n"
    )
    assert main(["import", str(site), str(tmp_path / "proj")]) == 1
    assert "requirements.txt would be written as requirements.txt" in capsys.readouterr().err
    assert not (tmp_path / "proj").exists()
