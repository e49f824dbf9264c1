"""The most a cache of read-time transformed chapters could save: an experiment.

The chapter cache keeps each chapter's nodes as the parser made them: the
course is then transformed as a whole. A cache of the nodes as the
read-time transforms leave them would hide the chapters it reuses from
those transforms. That cannot be made exact in general (see "How far a
cache of what reading a chapter produces could go" in docs/performance.md),
but its ceiling can be measured. In one process, warm, as the preview
builds, each rebuild after a chapter edit runs in one of three modes:

- ``shipped``: as ``sphinx-gh-reveal preview`` builds;
- ``hidden``: each reused block of nodes stands in the document as an empty
  placeholder until a transform at priority 878 puts the nodes back, just
  before MyST's anchor links (879) and ``doctree-read`` (880): every other
  read-time transform skips the reused chapters;
- ``left-out``: the reused blocks never come back: the deck holds the edited
  chapter only, as if the other chapters were documents of their own.

Each round also times a clean full build in a new process
(``sphinx-build -E``, a fresh folder), and the ratios are against its median,
as in ``benchmarks/preview.py``.

``hidden`` and ``left-out`` are not correct builds; only their times count.

    python benchmarks/ceiling.py                 # 1000 slides, three rounds
    python benchmarks/ceiling.py --slides 100 --runs 1
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from docutils import nodes
from docutils.transforms import Transform

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import generate  # noqa: E402

from sphinx_gh_reveal.cli.preview import Preview  # noqa: E402
from sphinx_gh_reveal.rendering import chapter_cache  # noqa: E402

MODES = ("shipped", "hidden", "left-out")
#: Just before MyST's ResolveAnchorIds (879) and Sphinx's DoctreeReadEvent (880).
RESTORE_PRIORITY = 878


class Experiment:
    """Stands in for the chapter cache's replay while a mode other than ``shipped`` runs."""

    def __init__(self) -> None:
        self.mode = "shipped"
        self.placeholders: list[tuple[nodes.Element, list[nodes.Node]]] = []
        self._load = chapter_cache.load_nodes
        chapter_cache.load_nodes = self.load_nodes

    def load_nodes(self, data: bytes, parent: nodes.Element, document: nodes.document):
        made = self._load(data, parent, document)
        if self.mode == "shipped":
            return made
        placeholder = nodes.inline()
        self.placeholders.append((placeholder, made))
        return [placeholder]

    def restore(self) -> None:
        if self.mode == "hidden":
            for placeholder, made in self.placeholders:
                placeholder.parent.replace(placeholder, made)
        self.placeholders = []


EXPERIMENT: Experiment | None = None


class PutBack(Transform):
    """The ``hidden`` mode's end: the reused blocks come back in place."""

    default_priority = RESTORE_PRIORITY

    def apply(self, **kwargs) -> None:
        assert EXPERIMENT is not None
        EXPERIMENT.restore()


def main(argv: list[str] | None = None) -> int:
    global EXPERIMENT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "_work" / "ceiling")
    args = parser.parse_args(argv)

    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    source = generate.write_project(work / "src", "chapters", args.slides)
    chapter = source / "chapters" / "10.md"  # as benchmarks/preview.py edits
    EXPERIMENT = Experiment()
    preview = Preview(source, work / "out", builder="revealjs", status=None, terminal=io.StringIO())
    first = preview.build()
    if not first.good:
        print(f"the first build failed: {first.error or first.new_warnings}", file=sys.stderr)
        return 1
    assert preview.app is not None
    preview.app.add_transform(PutBack)
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    full: list[float] = []
    for run in range(args.runs):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-E",
                "-b",
                "revealjs",
                str(source),
                str(work / f"full-{run}"),
                "-d",
                str(work / f"full-{run}-doctrees"),
            ],
            check=True,
        )
        full.append(time.perf_counter() - start)
        for mode in MODES:
            EXPERIMENT.mode = mode
            text = chapter.read_text("utf-8")
            chapter.write_text(text.replace("\n\n", f"\n\nceiling{run}{mode} ", 1), "utf-8")
            start = time.perf_counter()
            outcome = preview.build([chapter])
            times[mode].append(time.perf_counter() - start)
            preview.tidy(force=True)
            # The course-wide checks see part of the course in the other
            # modes, and may warn: only a failed build stops the experiment.
            if outcome.error:
                print(f"{mode}: the build failed: {outcome.error}", file=sys.stderr)
                return 1
            if not outcome.chapters_reused:
                print(f"{mode}: the chapter cache reused no chapter", file=sys.stderr)
                return 1
    EXPERIMENT.mode = "shipped"
    preview.close()
    print(f"{args.slides} slides, {args.runs} round(s), rebuild after an edit of {chapter.name}:")
    reference = statistics.median(full)
    print(f"  {'full build':<10} {reference:6.2f} s (median, new process)")
    for mode in MODES:
        median = statistics.median(times[mode])
        print(f"  {mode:<10} {median:6.2f} s (median)  {median / reference:.2f}x the full build")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
