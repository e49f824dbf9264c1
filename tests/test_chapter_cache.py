"""``gh_reveal_chapter_cache``: a chapter's render is reused, and the output never differs.

Each test keeps one Sphinx app warm with the cache on (as ``sphinx-gh-reveal
preview`` does), edits a file of ``roots/test-chapter-cache``, builds again,
and compares every file written with those of a fresh build of the same
sources without the cache: byte for byte, pages and decks. The root covers
what the textual include must keep: a chapter continuing the slide another
opened, link definitions from the course and from an earlier chapter, a
slide id declared in one chapter and linked from others, a directive, a
target, a nested chapter, and a chapter that warns.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sphinx.util import logging

from sphinx_gh_reveal.chapters import read_lines
from sphinx_gh_reveal.course import split_front_matter
from sphinx_gh_reveal.rendering import chapter_cache

from conftest import ROOTS, soup_of, warnings_of

#: (file, text in it, what it becomes, chapters reused): each kind of edit a
#: teacher makes. A chapter is reused when its text and the link definitions
#: read before it are unchanged; ``warns.md`` never is.
EDITS = [
    ("chapters/three.md", '"Quoted" text', '"Requoted" text', 3),
    # A definition chapter one gives the later ones: all four read again.
    (
        "chapters/one.md",
        "[upstream]: https://example.org/first",
        "[upstream]: https://example.org/second",
        0,
    ),
    ("chapters/one.md", "## One §id:kept-slide§;", "## One, renamed §id:kept-slide§;", 3),
    # two.md is reused, its include line rendered again: inner.md is read.
    ("chapters/nested/inner.md", "*emphasis*", "**strong emphasis**", 3),
    # The course's own definition is read before every chapter.
    ("course.md", "[home]: https://example.org/home", "[home]: https://example.org/house", 0),
    ("chapters/two.md", "§break\n", "", 3),
    ("chapters/three.md", "§notes\n", "§notes\nA second line of notes.\n\n", 3),
]


#: The course's deck in each build.
DECK = {"revealjs": "course.html", "html": "slides/course.html"}


def files_of(outdir: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path, but Sphinx's record of the configuration."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name != ".buildinfo"
    }


def edit(srcdir: Path, name: str, old: str, new: str, step: int) -> None:
    path = srcdir / name
    text = path.read_text("utf-8")
    assert old in text, f"{name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    # Sphinx compares modification times: make each edit visibly newer.
    stamp = path.stat().st_mtime + 10 * (step + 1)
    os.utime(path, (stamp, stamp))


@pytest.fixture
def sources(sphinx_test_tempdir, request) -> Path:
    srcdir = sphinx_test_tempdir / f"chapter-cache-{request.node.name}"
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(ROOTS / "test-chapter-cache", srcdir)
    return srcdir


def warm_app(make_app, builder: str, srcdir: Path, *, cache: bool):
    """An app kept for several builds, as the preview keeps one."""
    return make_app(
        builder,
        srcdir=srcdir,
        builddir=srcdir.parent / f"{srcdir.name}-{'cached' if cache else 'plain'}",
        freshenv=True,
        confoverrides={"gh_reveal_chapter_cache": cache},
    )


def build(app) -> str:
    """Build again; the warnings of this build."""
    app._warning.truncate(0)
    app._warning.seek(0)
    # Each new app takes Sphinx's log over: give it back to this one.
    logging.setup(app, app._status, app._warning)
    app.build()
    return warnings_of(app._warning)


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_every_edit_gives_the_output_of_a_build_without_the_cache(make_app, sources, builder):
    """Two warm apps, the cache on and off, through the same edits: the same bytes.

    Both are rebuilt in place (the html search index of a rebuild keeps
    emptied words, which a first build has not: compare like with like).
    """
    chapter_cache.STORE.clear()
    chapter_cache.STORE.take_stats()
    cached = warm_app(make_app, builder, sources, cache=True)
    plain = warm_app(make_app, builder, sources, cache=False)
    build(cached)
    first = chapter_cache.STORE.take_stats()
    # The chapter that warns is never kept; the other four are.
    assert (first.recorded, first.reused, first.rendered) == (4, 0, 1)
    build(plain)
    assert chapter_cache.STORE.take_stats() == chapter_cache.Stats()
    assert files_of(Path(cached.outdir)) == files_of(Path(plain.outdir))
    deck = (Path(cached.outdir) / DECK[builder]).read_bytes()
    for step, (name, old, new, reused) in enumerate(EDITS):
        edit(sources, name, old, new, step)
        log = build(cached)
        stats = chapter_cache.STORE.take_stats()
        assert stats.reused == reused, (name, stats)
        assert stats.reused + stats.recorded + stats.rendered == 5, (name, stats)
        # An unchanged chapter that warns warns again: it was rendered again.
        assert "warns.md:4: WARNING: unknown marker" in log, log
        build(plain)
        assert files_of(Path(cached.outdir)) == files_of(Path(plain.outdir)), (step, name)
        # Both saw the edit: the deck changed.
        deck, before = (Path(cached.outdir) / DECK[builder]).read_bytes(), deck
        assert deck != before, (step, name)


def test_an_edit_reads_again_only_what_it_changed(make_app, sources):
    """A text edit reuses every other chapter; a definition edit renders the chapters after it."""
    chapter_cache.STORE.clear()
    app = warm_app(make_app, "revealjs", sources, cache=True)
    build(app)
    chapter_cache.STORE.take_stats()

    edit(sources, "chapters/three.md", '"Quoted" text', '"Requoted" text', 0)
    app.build()
    stats = chapter_cache.STORE.take_stats()
    assert (stats.reused, stats.recorded) == (3, 1)
    assert "Requoted" in soup_of(app, "course").get_text()

    # one.md's definition is read by two.md and the chapters after it.
    edit(sources, "chapters/one.md", "example.org/first", "example.org/second", 1)
    app.build()
    stats = chapter_cache.STORE.take_stats()
    assert stats.reused == 0, stats
    links = {a["href"] for a in soup_of(app, "course").select("a[href]")}
    assert "https://example.org/second" in links
    assert "https://example.org/first" not in links


def test_the_cache_is_off_by_default(make_app, sources):
    chapter_cache.STORE.clear()
    chapter_cache.STORE.take_stats()
    app = make_app("revealjs", srcdir=sources, freshenv=True)
    app.build()
    assert chapter_cache.STORE.take_stats() == chapter_cache.Stats()
    assert len(chapter_cache.STORE) == 0


def test_the_store_forgets_the_least_recently_used_first():
    store = chapter_cache.ChapterStore(limit=100)
    store.put("a", chapter_cache.Recording(b"x" * 40))
    store.put("b", chapter_cache.Recording(b"x" * 40))
    assert store.get("a") is not None  # "a" is now the most recently used
    store.put("c", chapter_cache.Recording(b"x" * 40))
    assert store.get("b") is None
    assert store.get("a") is not None and store.get("c") is not None
    store.put("huge", chapter_cache.Recording(b"x" * 200))  # larger than the limit: not kept
    assert store.get("huge") is None and len(store) == 2


def _as_chapters(course: Path, srcdir: Path) -> list[str]:
    """Write ``course`` as a course of chapters, cut before each ``§new`` outside code."""
    text = course.read_text("utf-8")
    found = split_front_matter(text)
    assert found is not None, course
    lines_of_front = found[1]
    all_lines = text.splitlines(keepends=True)
    front, body = "".join(all_lines[:lines_of_front]), "".join(all_lines[lines_of_front:])
    parts: list[list[str]] = [[]]
    for line, in_code, _ in read_lines(body.splitlines()):
        if line.strip() == "§new" and not in_code and parts[-1]:
            parts.append([])
        parts[-1].append(line)
    (srcdir / "chapters").mkdir(parents=True)
    names = []
    for number, lines in enumerate(parts, 1):
        name = f"chapters/{number:02d}.md"
        (srcdir / name).write_text("\n".join(lines) + "\n", "utf-8")
        names.append(name)
    includes = "".join(f"{{% include_relative {name} %}}\n" for name in names)
    (srcdir / "course.md").write_text(f"{front}{includes}", "utf-8")
    (srcdir / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', "utf-8")
    (srcdir / "index.md").write_text("# Corpus\n\n```{toctree}\ncourse\n```\n", "utf-8")
    if (course.parent / "data").is_dir():
        shutil.copytree(course.parent / "data", srcdir / "data")
    return names


@pytest.mark.parametrize("name", ["gh-reveal-intro", "docker-cluster-2018"])
def test_real_courses_cut_into_chapters_give_the_same_bytes(
    make_app, sphinx_test_tempdir, corpus, name
):
    """The seed courses, cut into chapters: raw HTML, kramdown, icons, ids through the cache."""
    srcdir = sphinx_test_tempdir / f"chapter-cache-corpus-{name}"
    shutil.rmtree(srcdir, ignore_errors=True)
    chapters = _as_chapters(corpus / f"{name}.md", srcdir)
    assert len(chapters) >= 4
    chapter_cache.STORE.clear()
    cached = warm_app(make_app, "html", srcdir, cache=True)
    plain = warm_app(make_app, "html", srcdir, cache=False)
    build(cached)
    build(plain)
    middle = srcdir / chapters[len(chapters) // 2]
    middle.write_text(middle.read_text("utf-8") + "\nA sentence added in the middle.\n", "utf-8")
    stamp = middle.stat().st_mtime + 10
    os.utime(middle, (stamp, stamp))
    chapter_cache.STORE.take_stats()
    build(cached)
    stats = chapter_cache.STORE.take_stats()
    assert stats.reused >= len(chapters) // 2, stats
    build(plain)
    assert "A sentence added in the middle." in soup_of(cached, "course").get_text()
    assert files_of(Path(cached.outdir)) == files_of(Path(plain.outdir))
