"""Property tests: YAML front matter and include graphs never break a build.

Two properties (``-k yaml``, ``-k include``), each a real Sphinx build of
generated input:

* **front matter** of every YAML type and tag, anchors (recursive too),
  keys of every type, deep nesting: the build raises nothing, every
  ``gh-reveal`` warning names a file and a line of it, and the deck's
  ``Reveal.initialize`` options are valid JSON that cannot end the script;
* **include graphs**: courses and chapters that include each other at
  random, themselves, chains up to 1000 long, symbolic links into and out of
  the project, a folder linked from outside, FIFOs, a device, binary and
  NUL-holding chapters, missing ones. The build raises nothing and does not
  hang (an alarm fails it), every ``gh-reveal`` warning is located, a course
  no other file includes keeps its page, and no file outside the source
  folder is opened (an audit hook records every ``open`` of the build).

A long run sets the number of examples like the other property tests::

    GH_REVEAL_HYPOTHESIS_EXAMPLES=500 python -m pytest tests/test_property_robustness.py
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from warnlog import parse_warnings

pytestmark = pytest.mark.property


def bounded(default: int):
    return settings(
        max_examples=int(os.environ.get("GH_REVEAL_HYPOTHESIS_EXAMPLES", default)),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


class Alarm:
    """Fail instead of hanging: raise in the main thread after ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __enter__(self):
        def ring(signum, frame):
            raise TimeoutError(f"the build took more than {self.seconds} s (a hang?)")

        self.previous = signal.signal(signal.SIGALRM, ring)
        signal.alarm(self.seconds)

    def __exit__(self, *exc):
        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.previous)


class Opens:
    """Paths the process opens while :attr:`active` (an audit hook, added once)."""

    active = False
    paths: list[str] = []

    @classmethod
    def hook(cls, event: str, args) -> None:
        if cls.active and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            cls.paths.append(os.fsdecode(args[0]))


sys.addaudithook(Opens.hook)


def build(src: Path, out: Path, builder: str = "revealjs") -> tuple[Sphinx, list]:
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(
            src,
            None,
            out / builder,
            out / "doctrees",
            builder,
            confoverrides={
                "extensions": ["sphinx_gh_reveal"],
                "show_warning_types": True,
                "suppress_warnings": ["toc.not_included"],
            },
            status=None,
            warning=warnings,
            freshenv=True,
        )
        app.build()
    return app, parse_warnings(warnings.getvalue())


def assert_located(problems, src: Path) -> None:
    """Every gh-reveal warning names a file of the project and a line inside it."""
    for problem in problems:
        if problem.type != "gh-reveal":
            continue
        assert problem.file and problem.line, problem
        path = Path(problem.file)
        path = path if path.is_absolute() else Path.cwd() / path
        assert path.parent.resolve().is_relative_to(src.resolve()), problem
        if path.is_file() and not path.is_symlink():
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= problem.line <= lines, problem


# -- front matter ---------------------------------------------------------------------

SCALARS = [
    "~",
    "null",
    "true",
    "no",
    "Off",
    "42",
    "-0x1F",
    "0o17",
    "1_000",
    "1.5e3",
    ".nan",
    "-.inf",
    "2020-01-01",
    "2020-01-01 10:00:00",
    "2001-12-14t21:59:43.10-05:00",
    "'text'",
    '"</script><b id=INJECTED>"',
    "!!binary aGVsbG8=",
    "!!str 12",
    "!!float 1",
    "!!int '7'",
    "!!timestamp 2001-12-14",
    "!!null ''",
    "!!bool yes",
    "!foo bar",
    "!!python/object:os.system x",
    "plain words",
    "'§new'",
    '"\\u2028"',
    '"\\0"',
    "=",
    "<<",
]
KEYS = [
    "a",
    "b",
    "1",
    "~",
    "true",
    "2020-01-01",
    "1.5",
    "'x'",
    "[a]",
    "{a: 1}",
    "<<",
    "dependencies",
    "url",
    "katex",
    "math",
    "slideNumber",
    "?",
]


@st.composite
def yaml_value(draw, depth: int = 0) -> str:
    kind = draw(
        st.sampled_from(
            ["scalar"] * 4
            + (
                ["map", "list", "set", "omap", "pairs", "anchor", "alias", "deep"]
                if depth < 4
                else []
            )
        )
    )
    if kind == "scalar":
        return draw(st.sampled_from(SCALARS))
    if kind == "deep":  # nesting PyYAML may not even read
        n = draw(st.sampled_from([10, 50, 200, 1200]))
        return "[" * n + "]" * n
    if kind == "alias":
        return f"*{draw(st.sampled_from(['a1', 'a2', 'r']))}"
    if kind == "anchor":
        name = draw(st.sampled_from(["a1", "a2", "r"]))
        if name == "r":  # a recursive anchor
            return "&r [1, *r, {k: *r}]"
        return f"&{name} {draw(yaml_value(depth + 1))}"
    items = draw(st.lists(yaml_value(depth + 1), max_size=4))
    if kind == "list":
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=len(items), max_size=len(items)))
    pairs = ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True))
    if kind == "set":
        return "!!set {" + ", ".join(keys) + "}"
    if kind in ("omap", "pairs"):
        return (
            f"!!{kind} [" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "]"
        )
    return "{" + pairs + "}"


front_matter = st.tuples(
    yaml_value(), st.sampled_from(SCALARS), st.sampled_from(["title", "subtitle", "theme", "draft"])
)


@pytest.fixture(scope="module")
def yaml_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("yaml")
    (root / "src").mkdir()
    (root / "src" / "conf.py").write_text("")
    return root


@bounded(25)
@given(matter=front_matter)
@example(matter=("&r [1, *r]", "2020-01-01", "subtitle"))
@example(matter=("{1: a, b: c, ~: d, true: e}", "!!binary aGVsbG8=", "title"))
@example(matter=("{d: 2020-01-01, s: !!set {a}, u: url}", "x", "title"))
def test_yaml_front_matter_of_any_type_builds(yaml_project, matter):
    initialization, scalar, key = matter
    src = yaml_project / "src"
    text = f"---\ntitle: T\n{key}: {scalar}\ninitialization: {initialization}\n---\n§new\n## a\n"
    (src / "index.md").write_text(text, encoding="utf-8")
    with Alarm(120):
        app, problems = build(src, yaml_project / "out")
    assert app.statuscode == 0
    assert_located(problems, src)
    html = (Path(app.outdir) / "index.html").read_text("utf8")
    assert 'class="slides"' in html and "<b id=INJECTED" not in html
    for conf in re.findall(r"Object\.assign\(revealjsConfig, (\{.*?\})\);", html):
        options = json.loads(conf)  # valid JSON, whatever the YAML held
        assert "dependencies" not in options and "url" not in options


# -- include graphs -----------------------------------------------------------------------

#: Include targets besides the generated files, each a kind of trouble.
SPECIAL = [
    "pipe.md",
    "pipe.txt",
    "zero.md",
    "bin.md",
    "nul.md",
    "missing.md",
    "out.txt",
    "in.md",
    "sub/secret.txt",
    "../outside/secret.txt",
    "/etc/hostname",
    "chain0.md",
    "self",
]


@st.composite
def include_graph(draw):
    count = draw(st.integers(1, 5))
    names = [f"f{i}.md" for i in range(count)]
    files = {}
    for name in names:
        targets = draw(st.lists(st.sampled_from(names + SPECIAL), max_size=4))
        targets = [name if t == "self" else t for t in targets]
        course = draw(st.booleans())
        front = f"---\ntitle: Course {name}\n---\n" if course else ""
        files[name] = (front, targets)
    chain = draw(st.sampled_from([0, 3, 40, 1000]))
    return files, chain


def write_graph(root: Path, files: dict, chain: int) -> Path:
    src, outside = root / "src", root / "outside"
    src.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("outside §fragment\n")
    (src / "conf.py").write_text("")
    (src / "index.md").write_text("# Index\n\n```{toctree}\n:glob:\n\n*\n```\n")
    for name, (front, targets) in files.items():
        body = "".join(f"{{% include_relative {t} %}}\ntext of {name} §fragment\n" for t in targets)
        (src / name).write_text(f"{front}§new\n## {name}\n{body}", encoding="utf-8")
    for i in range(chain):
        (src / f"chain{i}.md").write_text(f"link {i}\n{{% include_relative chain{i + 1}.md %}}\n")
    (src / f"chain{chain}.md").write_text("end of the chain\n")
    os.mkfifo(src / "pipe.md")
    os.mkfifo(src / "pipe.txt")
    (src / "zero.md").symlink_to("/dev/zero")
    (src / "bin.md").write_bytes(bytes(range(128, 256)))
    (src / "nul.md").write_bytes(b"a\x00b\n")
    (src / "out.txt").symlink_to(outside / "secret.txt")
    (src / "in.md").symlink_to(src / next(iter(files)))
    (src / "sub").symlink_to(outside, target_is_directory=True)
    return src


def _forbidden(path: str, root: Path) -> bool:
    real = Path(path).resolve() if os.path.exists(path) else Path(os.path.abspath(path))
    # The targets the graph can name outside the project (docutils reads /etc/docutils.conf).
    return real.is_relative_to((root / "outside").resolve()) or str(real) in (
        "/dev/zero",
        "/etc/hostname",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@bounded(12)
@given(graph=include_graph())
@example(graph=({"f0.md": ("---\ntitle: A\n---\n", ["f0.md", "chain0.md"])}, 1000))
@example(
    graph=(
        {
            "f0.md": ("---\ntitle: A\n---\n", ["f1.md"]),
            "f1.md": ("---\ntitle: B\n---\n", ["f0.md", "out.txt", "sub/secret.txt"]),
        },
        0,
    )
)
def test_include_graphs_build_located_and_stay_inside(tmp_path_factory, graph):
    files, chain = graph
    root = tmp_path_factory.mktemp("graph")
    src = write_graph(root, files, chain)
    Opens.paths = []
    Opens.active = True
    try:
        with Alarm(180):
            app, problems = build(src, root / "out")
    finally:
        Opens.active = False
    assert app.statuscode == 0
    assert_located(problems, src)
    assert not any(p.type is None and "CRITICAL" in p.message for p in problems), problems
    outside = [p for p in Opens.paths if _forbidden(p, root)]
    assert outside == [], outside
    # A course that no other file includes never disappears.
    included = {t for name, (_, targets) in files.items() for t in targets if t != name}
    if "in.md" in included:  # a link to the first file
        included.add(next(iter(files)))
    for name, (front, _) in files.items():
        if front and name not in included:
            assert (Path(app.outdir) / name.replace(".md", ".html")).is_file(), name
