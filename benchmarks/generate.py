"""Write synthetic courses for the benchmarks: one content, four projects.

A course of N vertical slides is drawn once, from a seeded random generator,
as plain data (:class:`Slide`), and then written four ways, each as a whole
Sphinx project (``conf.py``, ``index.md`` and the course):

``single``
    one gh-reveal course file, ``course.md``;
``chapters``
    the same text cut into 20 chapter files (``chapters/01.md`` ...), pulled
    into ``course.md`` with ``{% include_relative %}``, as long courses are
    written;
``myst``
    the same content as plain MyST for sphinx-revealjs alone, in its own
    conventions: a level-1 heading for the title, ``##`` per horizontal slide,
    ``###`` per vertical one, ``{revealjs-fragments}``, ``{revealjs-notes}``,
    ``(label)=`` targets for slide links;
``pages``
    that plain MyST cut as ``chapters`` is, into 20 ordinary pages of a
    toctree (no course at all): what Sphinx itself costs to rebuild after
    one page of a project this size changes.

Every horizontal slide holds five vertical ones (``§break`` four times, then
``§new``), every slide has a heading and two or three blocks: a paragraph
with links, a list of fragments, a code block (sometimes a quiz answer whose
line ends with ``§fragment``). Every fourth slide has a ``§id``, later slides
link back to it with ``[x](#/id)``, and every third slide has speaker notes.

The same ``seed`` and ``slides`` always give byte-identical files, so two
runs (or two machines) measure the same input. Run it alone to look at the
output::

    python benchmarks/generate.py --slides 50 --out /tmp/bench-course
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

#: Vertical slides in each horizontal slide.
VERTICAL = 5
#: Chapter files of the ``chapters`` variant.
CHAPTERS = 20
SEED = 7
TITLE = "Containers from scratch"
SUBTITLE = "A synthetic course for the benchmarks"

_TOPICS = (
    "images",
    "layers",
    "volumes",
    "networks",
    "registries",
    "compose files",
    "health checks",
    "build caches",
    "secrets",
    "logs",
    "swarm services",
    "resource limits",
    "namespaces",
    "cgroups",
    "entrypoints",
)
_WORDS = (
    "a",
    "container",
    "runs",
    "one",
    "process",
    "with",
    "its",
    "own",
    "view",
    "of",
    "the",
    "file",
    "system",
    "and",
    "network",
    "image",
    "is",
    "built",
    "from",
    "layers",
    "that",
    "every",
    "host",
    "shares",
    "so",
    "start",
    "fast",
    "cheap",
    "tag",
    "push",
    "pull",
    "mount",
    "port",
    "service",
    "replica",
)
_CODE = {
    "bash": (
        "docker run --rm -it alpine:3 sh",
        "docker build -t demo:{n} .",
        "docker volume create data-{n}",
        "docker network ls",
        "docker compose up -d",
        "docker logs --tail 20 web-{n}",
    ),
    "python": (
        "import docker",
        "client = docker.from_env()",
        "for c in client.containers.list():",
        "    print(c.name, c.status)",
        "image = client.images.pull('alpine', tag='3')",
        "total = sum(range({n}))",
    ),
}


@dataclass
class Slide:
    """One vertical slide, as plain data both dialects are written from."""

    number: int
    heading: str
    level: int
    slide_id: str = ""
    blocks: list[tuple] = field(default_factory=list)
    """``("text", words, links)``, ``("list", items)``, ``("code", lang, lines, quiz)``.

    ``links`` are ``(label, url)`` pairs; a url ``#/ID`` is a slide link.
    ``items`` are ``(text, index)`` pairs; index 0 is a bare fragment.
    """
    notes: str = ""


def draw_course(slides: int, seed: int = SEED) -> list[Slide]:
    """The course content: ``slides`` vertical slides (a multiple of 5)."""
    if slides < VERTICAL or slides % VERTICAL:
        raise ValueError(f"slides must be a positive multiple of {VERTICAL}, not {slides}")
    rng = random.Random(seed)
    course: list[Slide] = []
    ids: list[str] = []
    for number in range(1, slides + 1):
        part, position = divmod(number - 1, VERTICAL)
        topic = rng.choice(_TOPICS)
        if position == 0:
            slide = Slide(number, f"Part {part + 1}: {topic}", 2)
        else:
            slide = Slide(number, f"{topic.capitalize()} ({part + 1}.{position + 1})", 3)
        if number % 4 == 1:
            slide.slide_id = f"s-{number}"
        links = [("the reference", f"https://example.org/docs/{topic.replace(' ', '-')}/{number}")]
        if ids and number % 2 == 0:
            target = rng.choice(ids[-20:])
            links.append((f"back to {target}", f"#/{target}"))
        slide.blocks.append(("text", _sentence(rng, 14, 26), links))
        kinds = rng.sample(["list", "code", "text"], k=rng.choice((1, 2)))
        for kind in kinds:
            if kind == "list":
                count = rng.randint(3, 5)
                indexed = rng.random() < 0.3
                items = [(_sentence(rng, 3, 8), i + 1 if indexed else 0) for i in range(count)]
                slide.blocks.append(("list", items))
            elif kind == "code":
                lang = rng.choice(sorted(_CODE))
                lines = [rng.choice(_CODE[lang]).format(n=number) for _ in range(rng.randint(3, 6))]
                slide.blocks.append(("code", lang, lines, rng.random() < 0.2))
            else:
                slide.blocks.append(("text", _sentence(rng, 8, 20), []))
        if number % 3 == 0:
            slide.notes = _sentence(rng, 10, 30)
        if slide.slide_id:
            ids.append(slide.slide_id)
        course.append(slide)
    return course


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    # Some emphasis, so that inline parsing has work to do.
    if len(words) > 6:
        words[2] = f"**{words[2]}**"
        words[5] = f"*{words[5]}*"
    return " ".join(words).capitalize() + "."


# -- gh-reveal -------------------------------------------------------------


def ghr_front_matter(slides: int) -> str:
    return (
        "---\n"
        f"title: {TITLE}\n"
        f"subtitle: {SUBTITLE} ({slides} slides)\n"
        "theme: white\n"
        "initialization:\n"
        "  slideNumber: c/t\n"
        "  hash: true\n"
        "---\n\n"
    )


def ghr_slide(slide: Slide) -> str:
    """One vertical slide in the gh-reveal dialect (no cut marker)."""
    out = [f"{'#' * slide.level} {slide.heading}"]
    if slide.slide_id:
        out.append(f"§id:{slide.slide_id}§;")
    out.append("")
    for block in slide.blocks:
        if block[0] == "text":
            _, words, links = block
            out += [words + "".join(f" See [{label}]({url})." for label, url in links), ""]
        elif block[0] == "list":
            for text, index in block[1]:
                out.append(f"- {text} " + (f"§fragment:{index}§;" if index else "§fragment"))
            out.append("")
        else:
            _, lang, lines, quiz = block
            body = list(lines)
            if quiz:
                body[-1] += " §fragment"
            out += [f"```{lang}", *body, "```", ""]
    if slide.notes:
        out += ["§notes", slide.notes, ""]
    return "\n".join(out)


def ghr_part(slides: list[Slide]) -> str:
    """A run of whole horizontal slides, cut by ``§break`` and ``§new``."""
    chunks = []
    for slide in slides:
        if chunks:
            chunks.append("§new\n\n" if slide.level == 2 else "§break\n\n")
        chunks.append(ghr_slide(slide) + "\n")
    return "".join(chunks)


def chapter_split(course: list[Slide], chapters: int = CHAPTERS) -> list[list[Slide]]:
    """Cut the course at horizontal slides into at most ``chapters`` parts."""
    stacks = [course[i : i + VERTICAL] for i in range(0, len(course), VERTICAL)]
    count = min(chapters, len(stacks))
    bounds = [round(i * len(stacks) / count) for i in range(count + 1)]
    return [
        [slide for stack in stacks[bounds[i] : bounds[i + 1]] for slide in stack]
        for i in range(count)
    ]


# -- plain MyST for sphinx-revealjs -----------------------------------------


def myst_course(course: list[Slide]) -> str:
    """The same course as sphinx-revealjs reads it, with no gh-reveal syntax."""
    head = [
        f"# {TITLE}",
        "",
        "```{revealjs-slide}",
        ":theme: white",
        ':conf: {"slideNumber": "c/t", "hash": true}',
        "```",
        "",
        f"{SUBTITLE} ({len(course)} slides)",
        "",
    ]
    return "\n".join(head + myst_slides(course))


def myst_slides(course: list[Slide]) -> list[str]:
    """The lines of plain MyST for these slides: ``##`` or ``###`` each."""
    out: list[str] = []
    for slide in course:
        if slide.slide_id:
            out += [f"({slide.slide_id})=", ""]
        out += [f"{'#' * slide.level} {slide.heading}", ""]
        for block in slide.blocks:
            if block[0] == "text":
                _, words, links = block
                # '#/id' is reveal.js's link; MyST links to the label instead.
                text = "".join(f" See [{label}]({url.replace('#/', '#')})." for label, url in links)
                out += [words + text, ""]
            elif block[0] == "list":
                out.append("```{revealjs-fragments}")
                out += [f"- {text}" for text, _ in block[1]]
                out += ["```", ""]
            else:
                _, lang, lines, quiz = block
                if quiz:
                    out += [f"```{{code-block}} {lang}", ":class: fragment", "", *lines, "```", ""]
                else:
                    out += [f"```{lang}", *lines, "```", ""]
        if slide.notes:
            out += ["```{revealjs-notes}", slide.notes, "```", ""]
    return out


# -- projects ----------------------------------------------------------------

_GHR_CONF = '''"""Benchmark project: a gh-reveal course (written by benchmarks/generate.py)."""

project = "bench"
extensions = ["sphinx_gh_reveal"]
exclude_patterns = ["_build"]
'''


def _baseline_conf(what: str, extensions: list[str]) -> str:
    """A ``conf.py`` for plain MyST with sphinx-revealjs's own directives."""
    # The same reveal.js plugins gh-reveal turns on by default, so both decks
    # load the same scripts.
    names = ", ".join(f'"{name}"' for name in extensions)
    return f'''"""Benchmark baseline: {what} (written by benchmarks/generate.py)."""

project = "bench"
extensions = [{names}]
exclude_patterns = ["_build"]
# Slide ids on <section>, as gh-reveal's slide ids are.
revealjs_use_section_ids = True
revealjs_script_plugins = [
    {{"name": "RevealNotes", "src": "revealjs/plugin/notes/notes.js"}},
    {{"name": "RevealHighlight", "src": "revealjs/plugin/highlight/highlight.js"}},
    {{"name": "RevealZoom", "src": "revealjs/plugin/zoom/zoom.js"}},
]
'''


_MYST_CONF = _baseline_conf("plain MyST for sphinx-revealjs", ["myst_parser", "sphinx_revealjs"])
# Ordinary pages, no course: the extension is loaded only so that the
# revealjs builder does not re-read everything on every build (see
# docs/performance.md), as it does with sphinx-revealjs alone.
_PAGES_CONF = _baseline_conf(
    "20 ordinary MyST pages", ["myst_parser", "sphinx_revealjs", "sphinx_gh_reveal"]
)

_INDEX = """# Benchmark

```{toctree}
course
```
"""

VARIANTS = ("single", "chapters", "myst", "pages")


def write_project(folder: Path, variant: str, slides: int, seed: int = SEED) -> Path:
    """Write one project into ``folder`` (emptied first); return ``folder``."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    course = draw_course(slides, seed)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(_INDEX, encoding="utf-8")
    if variant == "myst":
        (folder / "conf.py").write_text(_MYST_CONF, encoding="utf-8")
        (folder / "course.md").write_text(myst_course(course), encoding="utf-8")
        return folder
    if variant == "pages":
        (folder / "conf.py").write_text(_PAGES_CONF, encoding="utf-8")
        (folder / "chapters").mkdir()
        names = []
        for number, part in enumerate(chapter_split(course), start=1):
            names.append(f"chapters/{number:02d}")
            page = [f"# Chapter {number}", "", *myst_slides(part)]
            (folder / f"{names[-1]}.md").write_text("\n".join(page), encoding="utf-8")
        index = ["# Benchmark", "", "```{toctree}", *names, "```", ""]
        (folder / "index.md").write_text("\n".join(index), encoding="utf-8")
        return folder
    (folder / "conf.py").write_text(_GHR_CONF, encoding="utf-8")
    head = ghr_front_matter(slides)
    if variant == "single":
        (folder / "course.md").write_text(head + ghr_part(course), encoding="utf-8")
        return folder
    (folder / "chapters").mkdir()
    lines = []
    for number, part in enumerate(chapter_split(course), start=1):
        name = f"chapters/{number:02d}.md"
        (folder / name).write_text(ghr_part(part), encoding="utf-8")
        if lines:
            lines.append("§new\n")
        lines.append(f"{{% include_relative {name} %}}\n")
    (folder / "course.md").write_text(head + "\n".join(lines), encoding="utf-8")
    return folder


def chapter_files(folder: Path) -> list[Path]:
    """The chapter files of a ``chapters`` project, in order."""
    return sorted((folder / "chapters").glob("*.md"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slides", type=int, default=1000, help="vertical slides (multiple of 5)")
    parser.add_argument("--variant", choices=VARIANTS, default="single")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True, help="project folder (emptied first)")
    args = parser.parse_args(argv)
    write_project(args.out, args.variant, args.slides, args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
