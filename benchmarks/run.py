"""Time sphinx-gh-reveal builds against their baselines (issue 7).

Each comparison runs its builds side by side in one session, interleaved
(A B, then B A, ...), so that a machine that slows down or warms up during
the session weighs on both sides alike. Every build is a fresh subprocess,
``python -m sphinx -q -E -b BUILDER``, into a fresh output and doctree
folder (the two rebuilds excepted, after touching a chapter and with
nothing changed: each rebuilds into the folder of a first, untimed build).
For each build we keep the wall time and the peak resident memory of the
child, which ``os.wait4`` reports (``ru_maxrss``, KiB on Linux), and print
medians and ratios.

    python benchmarks/run.py                     # everything, 5 runs each (a few minutes)
    python benchmarks/run.py --quick             # small courses, 2 runs: a smoke test
    python benchmarks/run.py --only scaling --runs 3 --markdown table.md

The courses come from :mod:`generate` and are written under
``benchmarks/_work/`` (ignored by git). No test times anything: this script
runs on demand only.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - a sibling script, found through the sys.path entry above

WORK = HERE / "_work"
MIB = 1024 * 1024


# -- measuring one build ------------------------------------------------------


@dataclass
class Sample:
    """One timed build."""

    wall: float
    """Seconds, from starting the child to reaping it."""
    peak_kib: int | None
    """The child's peak resident set size (``None`` where ``wait4`` is missing)."""
    cpu: float | None
    """User plus system seconds of the child: less sensitive than wall time
    to other work on the machine."""
    warnings: list[str]


def run_child(command: list[str]) -> Sample:
    """Run ``command`` to the end; fail loudly if it fails.

    Output goes to files, not pipes: a chatty child can never block on a
    full pipe while we wait for it. ``os.wait4`` reaps the child and hands
    back its own resource usage, which ``RUSAGE_CHILDREN`` cannot (that is a
    running maximum over every child so far).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            peak = int(usage.ru_maxrss)
            cpu = usage.ru_utime + usage.ru_stime
            if sys.platform == "darwin":
                peak //= 1024  # bytes there, KiB on Linux
        else:
            process.wait()
            wall = time.perf_counter() - start
            peak = cpu = None
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        if process.returncode != 0:
            out.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            raise SystemExit(
                f"build failed ({process.returncode}): {' '.join(command)}\n{stdout}{stderr}"
            )
    warnings = [line for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    return Sample(wall, peak, cpu, warnings)


def sphinx(builder: str, source: Path, out: Path, *extra: str, fresh: bool = True) -> list[str]:
    """The command line of one Sphinx build (``-E`` unless ``fresh`` is False)."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        *(["-E"] if fresh else []),
        "-b",
        builder,
        "-d",
        str(out / ".doctrees"),
        *extra,
        str(source),
        str(out),
    ]


# -- builds and comparisons ------------------------------------------------------


@dataclass
class Build:
    """One side of a comparison: how to prepare it and how to time one run of it."""

    label: str
    slides: int
    timed: Callable[[Path], Sample]
    """Runs one measured build, given a fresh scratch folder."""
    prepare: Callable[[], None] = lambda: None
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float | None:
        times = [s.cpu for s in self.samples if s.cpu is not None]
        return statistics.median(times) if times else None

    @property
    def peak_mib(self) -> float | None:
        peaks = [s.peak_kib for s in self.samples if s.peak_kib is not None]
        return statistics.median(peaks) * 1024 / MIB if peaks else None


@dataclass
class Check:
    """What a comparison is judged on: a ratio of two builds, or a peak memory.

    A ratio is judged on median wall times, as the targets are written; the
    ratio of median CPU times is shown beside it, because on a shared
    machine other work stretches wall time but hardly CPU time.
    """

    label: str
    builds: tuple[int, ...]
    """Indexes into the comparison's builds: ``(numerator, denominator)`` or ``(one,)``."""
    target: float | None  # None: reported, not judged

    @property
    def is_memory(self) -> bool:
        return len(self.builds) == 1

    def values(self, builds: list[Build]) -> tuple[float | None, float | None]:
        """(the judged value, the CPU-time ratio or None)."""
        if self.is_memory:
            return builds[self.builds[0]].peak_mib, None
        top, bottom = (builds[i] for i in self.builds)
        cpu = top.cpu / bottom.cpu if top.cpu and bottom.cpu else None
        return top.wall / bottom.wall, cpu


@dataclass
class Comparison:
    name: str
    title: str
    builds: list[Build]
    checks: list[Check]
    skipped: str = ""


def project(variant: str, slides: int) -> Path:
    """The generated project (written once per session and reused)."""
    folder = WORK / "projects" / f"{variant}-{slides}"
    if folder not in _written:
        generate.write_project(folder, variant, slides)
        _written.add(folder)
    return folder


_written: set[Path] = set()


def noop_rebuild(slides: int) -> Build:
    """Rebuild a built 20-chapter course with nothing changed: the floor of any rebuild."""
    out = WORK / "incremental" / f"noop-{slides}"

    def prepare() -> None:
        if out.exists():
            shutil.rmtree(out)
        run_child(sphinx("revealjs", project("chapters", slides), out))

    def timed(scratch: Path) -> Sample:
        command = sphinx("revealjs", project("chapters", slides), out, fresh=False)
        # The incremental build touches a chapter of the same project: catch
        # up on that first, untimed, so that the timed build has nothing to do.
        run_child(command)
        return run_child(command)

    return Build("revealjs, rebuild with nothing changed", slides, timed, prepare)


def build_of(label: str, variant: str, slides: int, builder: str, *extra: str) -> Build:
    def timed(scratch: Path) -> Sample:
        return run_child(sphinx(builder, project(variant, slides), scratch / "out", *extra))

    return Build(label, slides, timed)


def incremental_build(slides: int, variant: str = "chapters") -> Build:
    """Touch one chapter of a built 20-chapter project, then rebuild (no ``-E``).

    ``variant`` is ``chapters`` (the course) or ``pages`` (the same chapters as
    ordinary pages: Sphinx's own cost for one changed page).
    """
    out = WORK / "incremental" / f"{variant}-{slides}"
    chapter_name = f"chapters/{(generate.CHAPTERS + 1) // 2:02d}.md"  # one in the middle
    rebuilt = "course" if variant == "chapters" else chapter_name.removesuffix(".md")
    doctree = out / ".doctrees" / f"{rebuilt}.doctree"

    def prepare() -> None:
        if out.exists():
            shutil.rmtree(out)
        run_child(sphinx("revealjs", project(variant, slides), out))

    def timed(scratch: Path) -> Sample:
        source = project(variant, slides)
        before = doctree.stat().st_mtime_ns
        now = time.time()
        os.utime(source / chapter_name, (now, now))
        sample = run_child(sphinx("revealjs", source, out, fresh=False))
        if doctree.stat().st_mtime_ns == before:
            raise SystemExit(f"touching {chapter_name} did not rebuild {rebuilt}")
        return sample

    what = "" if variant == "chapters" else "20 plain MyST pages, "
    return Build(f"revealjs, {what}touch {chapter_name}, rebuild", slides, timed, prepare)


def pandoc_build(slides: int) -> Build:
    def timed(scratch: Path) -> Sample:
        course = project("single", slides) / "course.md"
        scratch.mkdir(parents=True, exist_ok=True)
        # The course text as it is: the markers are plain text to pandoc.
        return run_child(
            [
                "pandoc",
                "-f",
                "markdown",
                "-t",
                "revealjs",
                "-s",
                "--slide-level=3",
                "-o",
                str(scratch / "course.html"),
                str(course),
            ]
        )

    return Build("pandoc -t revealjs -s, same course text", slides, timed)


def comparisons(quick: bool) -> list[Comparison]:
    small, mid, large = (20, 100, 500) if quick else (100, 1000, 5000)
    scaling = [
        build_of("gh-reveal course, -b revealjs", "single", n, "revealjs")
        for n in (small, mid, large)
    ]
    memory = build_of("gh-reveal course, -b revealjs", "single", large, "revealjs")
    pandoc = shutil.which("pandoc")
    return [
        Comparison(
            "revealjs",
            f"revealjs build, gh-reveal course vs plain MyST with sphinx-revealjs, N={mid}",
            [
                build_of("gh-reveal course, -b revealjs", "single", mid, "revealjs"),
                build_of("plain MyST, sphinx-revealjs, -b revealjs", "myst", mid, "revealjs"),
            ],
            [Check(f"gh-reveal / sphinx-revealjs, N={mid}", (0, 1), 1.0)],
        ),
        Comparison(
            "alongside",
            f"html build with the decks alongside vs without, N={mid}",
            [
                build_of("-b html (slides alongside)", "single", mid, "html"),
                build_of(
                    "-b html -D gh_reveal_slides_alongside=0",
                    "single",
                    mid,
                    "html",
                    "-D",
                    "gh_reveal_slides_alongside=0",
                ),
            ],
            [Check(f"html with slides / without, N={mid}", (0, 1), 1.3)],
        ),
        Comparison(
            "scaling",
            f"revealjs build at N={small}, {mid}, {large}",
            scaling,
            [Check(f"N={large} / N={mid}", (2, 1), 5.5)],
        ),
        Comparison(
            "incremental",
            f"rebuild after touching one of the 20 chapters vs a full build, N={mid}",
            [
                incremental_build(mid),
                build_of("revealjs, full build (-E)", "chapters", mid, "revealjs"),
                noop_rebuild(mid),
            ],
            [
                Check(f"incremental / full, N={mid}", (0, 1), 0.25),
                Check(f"nothing changed / full, N={mid}", (2, 1), None),
            ],
        ),
        Comparison(
            "pages",
            f"for reference: the same 20 chapters as ordinary MyST pages, "
            f"one touched vs a full build, N={mid}",
            [
                incremental_build(mid, "pages"),
                build_of(
                    "revealjs, 20 plain MyST pages, full build (-E)", "pages", mid, "revealjs"
                ),
            ],
            [Check(f"pages: one touched / full, N={mid}", (0, 1), None)],
        ),
        Comparison(
            "memory",
            f"peak memory of a revealjs build, N={large} (sphinx-revealjs for reference)",
            [
                memory,
                build_of("plain MyST, sphinx-revealjs, -b revealjs", "myst", large, "revealjs"),
            ],
            [Check(f"peak RSS, N={large}", (0,), 300.0)],
        ),
        Comparison(
            "pandoc",
            f"gh-reveal revealjs build vs pandoc on the same text, N={mid}",
            [
                build_of("gh-reveal course, -b revealjs", "single", mid, "revealjs"),
                pandoc_build(mid),
            ],
            [Check(f"gh-reveal / pandoc, N={mid}", (0, 1), None)],
            skipped="" if pandoc else "pandoc is not installed (Debian package 'pandoc')",
        ),
    ]


def run_comparison(comparison: Comparison, runs: int) -> None:
    """Run every build ``runs`` times, interleaved, alternating the order."""
    print(f"\n== {comparison.name}: {comparison.title}", flush=True)
    if comparison.skipped:
        print(f"   skipped: {comparison.skipped}")
        return
    for build in comparison.builds:
        build.prepare()
    scratch_root = WORK / "scratch"
    scratch_root.mkdir(parents=True, exist_ok=True)
    for index in range(runs):
        order = comparison.builds if index % 2 == 0 else comparison.builds[::-1]
        for build in order:
            scratch = Path(tempfile.mkdtemp(dir=scratch_root))
            try:
                sample = build.timed(scratch)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            build.samples.append(sample)
            peak = f"{sample.peak_kib / 1024:.0f} MiB" if sample.peak_kib else "?"
            cpu = f", {sample.cpu:.2f} s CPU" if sample.cpu is not None else ""
            print(
                f"   run {index + 1}/{runs}  {build.label} (N={build.slides}): "
                f"{sample.wall:.2f} s{cpu}, {peak}",
                flush=True,
            )
            for line in sample.warnings[:3]:
                print(f"      {line}")


def warm_up(scratch_root: Path) -> None:
    """One untimed build of each kind first: compiled bytecode and a warm disk cache
    for every measured run, not just the later ones."""
    scratch_root.mkdir(parents=True, exist_ok=True)
    for variant in ("single", "myst"):
        for builder in ("revealjs", "html"):
            scratch = Path(tempfile.mkdtemp(dir=scratch_root))
            try:
                run_child(sphinx(builder, project(variant, 20), scratch / "out"))
            finally:
                shutil.rmtree(scratch, ignore_errors=True)


# -- reporting --------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = str(os.cpu_count())
    if hasattr(os, "sched_getaffinity"):
        cores += f" ({len(os.sched_getaffinity(0))} usable)"
    try:
        ram = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        ram = "?"
    rows = [
        ("CPU", cpu),
        ("cores", cores),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
    ]
    for name in (
        "sphinx",
        "docutils",
        "myst-parser",
        "markdown-it-py",
        "sphinx-revealjs",
        "sphinx-gh-reveal",
    ):
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    rows.append(("sources", _tree_state()))
    if hasattr(os, "getloadavg"):
        rows.append(("load average", " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (at start)"))
    pandoc = shutil.which("pandoc")
    if pandoc:
        first = subprocess.run(
            [pandoc, "--version"], capture_output=True, text=True, check=False
        ).stdout
        rows.append(("pandoc", first.splitlines()[0].split()[-1] if first else "?"))
    return rows


def _tree_state() -> str:
    """The commit measured, and whether the work tree had changes on top of it."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(HERE.parent), *args], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    return commit + (" with uncommitted changes" if git("status", "--porcelain") else "")


def tables(done: list[Comparison]) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of the builds table and of the checks table."""
    build_rows = []
    check_rows = []
    for comparison in done:
        if comparison.skipped:
            check_rows.append([comparison.name, comparison.skipped, "", "", "", ""])
            continue
        for build in comparison.builds:
            walls = [s.wall for s in build.samples]
            peak = build.peak_mib
            cpu = build.cpu
            build_rows.append(
                [
                    comparison.name,
                    build.label,
                    str(build.slides),
                    str(len(walls)),
                    f"{build.wall:.2f}",
                    f"{min(walls):.2f}–{max(walls):.2f}",
                    f"{cpu:.2f}" if cpu is not None else "?",
                    f"{peak:.0f}" if peak is not None else "?",
                ]
            )
        for check in comparison.checks:
            value, cpu_ratio = check.values(comparison.builds)
            unit = " MiB" if check.is_memory else "×"
            if value is None:
                shown, met = "?", "?"
            else:
                shown = f"{value:.0f}{unit}" if check.is_memory else f"{value:.2f}{unit}"
                met = (
                    "–" if check.target is None else ("yes" if value <= check.target else "**no**")
                )
            if check.target is None:
                target = "(reported)"
            else:
                target = (
                    f"≤ {check.target:.0f}{unit}"
                    if check.is_memory
                    else f"≤ {check.target:.2f}{unit}"
                )
            cpu = f"{cpu_ratio:.2f}×" if cpu_ratio is not None else ""
            check_rows.append([comparison.name, check.label, shown, cpu, target, met])
    return build_rows, check_rows


BUILD_HEAD = [
    "comparison",
    "build",
    "slides",
    "runs",
    "wall s (median)",
    "wall min–max",
    "CPU s (median)",
    "peak MiB (median)",
]
CHECK_HEAD = ["comparison", "measure", "measured (wall)", "CPU-time ratio", "target", "met"]


def text_table(head: list[str], rows: list[list[str]]) -> str:
    rows = [[cell.replace("**", "") for cell in row] for row in rows]
    widths = [
        max(len(row[i]) if i < len(row) else 0 for row in [head, *rows]) for i in range(len(head))
    ]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(head))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    return "\n".join(lines)


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row + [""] * (len(head) - len(row))) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark sphinx-gh-reveal builds against their baselines.",
    )
    parser.add_argument(
        "--runs", type=int, help="runs of each build (default 5, or 2 with --quick)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small courses (N=20/100/500) and 2 runs: a smoke test, not a measure",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this comparison (repeatable); one of: "
        "revealjs, alongside, scaling, incremental, memory, pandoc",
    )
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="also write the tables as Markdown"
    )
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 5)
    if runs < 1:
        parser.error("--runs must be at least 1")

    todo = comparisons(args.quick)
    names = [c.name for c in todo]
    for name in args.only or []:
        if name not in names:
            parser.error(f"--only {name}: expected one of {', '.join(names)}")
    if args.only:
        todo = [c for c in todo if c.name in args.only]

    info = machine()
    width = max(len(k) for k, _ in info)
    print("Machine and versions:")
    for key, value in info:
        print(f"  {key.ljust(width)}  {value}")
    print(f"Runs per build: {runs}{' (quick mode: for smoke-testing only)' if args.quick else ''}")

    started = time.perf_counter()
    warm_up(WORK / "scratch")
    for comparison in todo:
        run_comparison(comparison, runs)
    elapsed = time.perf_counter() - started

    build_rows, check_rows = tables(todo)
    print(f"\nBuilds (wall time and peak memory of each build process), {elapsed:.0f} s in all:\n")
    print(text_table(BUILD_HEAD, build_rows))
    print("\nTargets:\n")
    print(text_table(CHECK_HEAD, check_rows))

    raw = {
        "machine": dict(info),
        "runs": runs,
        "quick": args.quick,
        "builds": [
            {
                "comparison": c.name,
                "build": b.label,
                "slides": b.slides,
                "samples": [dataclasses.asdict(sample) for sample in b.samples],
            }
            for c in todo
            for b in c.builds
        ],
    }
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "last-run.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")

    if args.markdown:
        command = "python benchmarks/run.py" + (
            " " + " ".join(argv if argv is not None else sys.argv[1:])
        )
        text = [
            f"Command: `{command.strip()}`, {runs} runs per build"
            f"{', quick mode' if args.quick else ''}.",
            "",
            markdown_table(["machine", ""], [[k, v] for k, v in info]),
            "",
            markdown_table(CHECK_HEAD, check_rows),
            "",
            markdown_table(BUILD_HEAD, build_rows),
            "",
        ]
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text("\n".join(text), encoding="utf-8")
        print(f"\nMarkdown tables written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
