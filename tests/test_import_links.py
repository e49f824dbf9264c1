"""``sphinx-gh-reveal import`` finds the files a course names the way the build reads it.

Images, links and reference definitions come from the course parser's
tokens, so a file named by a Markdown link is carried over (with a note: the
build publishes images only), and what the build shows as code is not taken
for a reference. The sites here keep their
files outside the asset folders (``data/``, ``img/``...), which are copied
whole: only what the course names is copied.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sphinx_gh_reveal.cli.__main__ import main

from conftest import run_module

COURSE = """\
---
title: Files
---
§new
## Files

Read [the handout](files/handout.pdf), [the other course](other.md), [a lost sheet](files/lost.pdf)
and, on the second line of the paragraph, ![a lost picture](files/lost.png).

![The logo][logo] and `![not an image](files/code.png)` in code.

```
![fenced, not an image](files/fenced.png)
```

[logo]: files/logo.png
"""


def make_site(root: Path) -> Path:
    site = root / "site"
    files = site / "_presentations" / "files"
    files.mkdir(parents=True)
    (site / "_presentations" / "course.md").write_text(COURSE, encoding="utf8")
    (site / "_presentations" / "other.md").write_text("---\ntitle: Other\n---\nText\n")
    for name in ("handout.pdf", "logo.png", "code.png", "fenced.png"):
        (files / name).write_bytes(f"bytes of {name}".encode())
    return site


def test_files_named_by_links_images_and_definitions_are_copied_and_nothing_in_code(
    tmp_path, capsys
):
    site = make_site(tmp_path)
    dest = tmp_path / "project"
    assert main(["import", str(site), str(dest)]) == 0
    out = capsys.readouterr().out
    copied = {p.relative_to(dest / "courses").as_posix() for p in (dest / "courses").rglob("*.*")}
    assert copied == {"course.md", "other.md", "files/handout.pdf", "files/logo.png"}
    assert (dest / "courses/files/handout.pdf").read_bytes() == b"bytes of handout.pdf"
    # Missing files are reported on the line that names them; a link to a page is not a file.
    assert "_presentations/course.md:7: missing file files/lost.pdf" in out
    assert "_presentations/course.md:8: missing file files/lost.png" in out
    assert "other.md:" not in out and " other.md" not in out
    assert "code.png" not in out and "fenced" not in out
    # Sphinx publishes images, not linked files: the import says what to do.
    assert (
        "_presentations/course.md:7: files/handout.pdf is copied, but only Markdown images are "
        "published by Sphinx; a link to a file needs it in the output (add it to html_extra_path)"
    ) in out


def test_the_image_named_by_a_reference_definition_is_in_the_built_page(tmp_path, capsys):
    site = make_site(tmp_path)
    dest = tmp_path / "project"
    assert main(["import", str(site), str(dest)]) == 0
    capsys.readouterr()
    out = tmp_path / "html"
    result = run_module("sphinx", "-b", "html", "-q", dest, out, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "logo.png" not in result.stderr
    page = out / "courses" / "course.html"
    soup = BeautifulSoup(page.read_text("utf8"), "html.parser")
    logo = soup.find("img", alt="The logo")
    assert logo is not None
    assert (page.parent / logo["src"]).read_bytes() == b"bytes of logo.png"
