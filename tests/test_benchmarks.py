"""The benchmark's generated projects: stable input, and all of them build.

The benchmark only runs on demand, so nothing else would notice if its
generator drifted into projects that warn, or whose variants no longer hold
the same lesson.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import slides_of, soup_of, warnings_of

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("variant", ["single", "chapters", "myst", "pages"])
def test_the_same_seed_writes_the_same_bytes(generate, tmp_path, variant):
    first = files_of(generate.write_project(tmp_path / "a", variant, 50))
    second = files_of(generate.write_project(tmp_path / "b", variant, 50))
    assert first == second
    assert files_of(generate.write_project(tmp_path / "c", variant, 50, seed=8)) != first


def doctree_times(folder: Path) -> dict[str, int]:
    """Each pickled doctree under ``folder`` and when it was last written."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.doctree")
    }


def built(make_app, generate, folder: Path, variant: str, slides: int):
    """Generate and build one project; its warnings must be none."""
    app = make_app(
        "revealjs", srcdir=generate.write_project(folder / variant, variant, slides), freshenv=True
    )
    app.build()
    app.cleanup()  # so that the next app of the test registers its nodes afresh
    assert warnings_of(app.warning) == ""
    return app


def test_a_course_cut_into_chapters_builds_the_same_deck_cleanly(make_app, generate, tmp_path):
    single = built(make_app, generate, tmp_path, "single", 50)
    chapters = built(make_app, generate, tmp_path, "chapters", 50)
    deck = slides_of(soup_of(single, "course"))
    # The title slide, then ten horizontal slides of five vertical ones.
    assert len(deck) == 11
    assert [len(s.find_all("section", recursive=False)) for s in deck[1:]] == [5] * 10
    assert str(soup_of(chapters, "course").select_one("div.slides")) == str(
        soup_of(single, "course").select_one("div.slides")
    )


@pytest.mark.parametrize("variant", ["myst", "pages"])
def test_the_plain_myst_baselines_build_with_every_slide(make_app, generate, tmp_path, variant):
    app = built(make_app, generate, tmp_path, variant, 50)
    pages = ["course"] if variant == "myst" else [f"chapters/{n:02d}" for n in range(1, 11)]
    headings = [
        h for page in pages for h in soup_of(app, page).select("div.slides h2, div.slides h3")
    ]
    assert len(headings) == 50
    if variant == "pages":  # the index lists the chapters
        links = soup_of(app, "index").select("li.toctree-l1 > a")
        assert [a["href"] for a in links] == [f"{page}.html" for page in pages]


def test_touching_one_page_of_the_pages_reference_reads_only_that_page(
    make_app, generate, tmp_path
):
    """The reference the incremental target is read against must be a true incremental build."""
    first = built(make_app, generate, tmp_path, "pages", 50)
    doctrees = Path(first.doctreedir)
    before = doctree_times(doctrees)
    (Path(first.srcdir) / "chapters" / "05.md").touch()
    again = make_app("revealjs", srcdir=first.srcdir)
    again.build()
    after = doctree_times(doctrees)
    assert [name for name in sorted(after) if after[name] != before.get(name)] == [
        "chapters/05.doctree"
    ]


def test_the_ceiling_experiment_runs_on_the_chapter_cache(tmp_path):
    """``benchmarks/ceiling.py`` (quoted in docs/performance.md) still drives the cache."""
    script = GENERATE.parent / "ceiling.py"
    done = subprocess.run(
        [sys.executable, str(script), "--slides", "50", "--runs", "1", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("50 slides, 1 round(s)")
    assert [line.split()[0] for line in lines[2:]] == ["shipped", "hidden", "left-out"]
