"""The Markdown parser: MyST for every page, MyST plus gh-reveal for courses.

MyST builds a fresh ``MarkdownIt`` per document and offers no hook to add a
rule, so this subclass repeats its short ``parse`` and, for courses only,
adds the gh-reveal plugin and the :class:`CourseRenderer`. Other Markdown
pages go through MyST untouched.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools

from docutils import nodes
from myst_parser.config.main import TopmatterReadError, merge_file_level, read_topmatter
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning
from sphinx_revealjs.utils import get_revealjs_path

from .course import METADATA_KEY, has_markers, is_course, read_course_info
from .gc_pauses import fewer_pauses
from .rendering import CourseRenderer
from .safety import clean_initialization
from .syntax import gh_reveal_plugin
from .transforms.attach import AttachMarkers
from .warnings_ import GhRevealWarnings, warn


@functools.cache
def available_themes() -> frozenset[str]:
    """The reveal.js themes sphinx-revealjs ships (``theme:`` must name one)."""
    folder = get_revealjs_path() / "dist" / "theme"
    return frozenset(p.stem for p in folder.glob("*.css"))


class CourseParser(MystParser):
    """MyST's Sphinx parser, which also reads gh-reveal courses."""

    def get_transforms(self):
        return [*super().get_transforms(), AttachMarkers]

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        unreadable = ""
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError as error:
            topmatter, unreadable = None, str(error)
        matter = topmatter if isinstance(topmatter, dict) else None
        patterns = env.config.gh_reveal_courses
        forced = unreadable and has_markers(inputstring)
        forced = forced or any(fnmatch.fnmatch(env.docname, pattern) for pattern in patterns)
        if not is_course(matter, inputstring, bool(forced)):
            return super().parse(inputstring, document)

        info = read_course_info(topmatter)
        info.initialization, dropped = clean_initialization(
            info.initialization, allow_unsafe=env.config.gh_reveal_allow_unsafe_attributes
        )
        for kind, problem in dropped:
            subtype = GhRevealWarnings.UNSAFE if kind == "unsafe" else GhRevealWarnings.FRONT_MATTER
            warn(problem, subtype, location=(env.docname, 1))
        if unreadable:
            info.problems.append(
                f"front matter could not be read ({unreadable}): write 'key: value' lines "
                "between two '---' lines"
            )
        for problem in info.problems:
            warn(problem, GhRevealWarnings.FRONT_MATTER, location=(env.docname, 1))
        if info.theme and info.theme not in available_themes():
            warn(
                f"unknown theme {info.theme!r}: reveal.js ships "
                f"{', '.join(sorted(available_themes()))}; using the project's default",
                GhRevealWarnings.THEME,
                location=(env.docname, 1),
            )
            info.theme = ""
        env.metadata[env.docname][METADATA_KEY] = info.as_dict()

        config = env.myst_config
        if matter:
            config = merge_file_level(
                config,
                matter,
                lambda wtype, msg: create_warning(
                    document, msg, wtype, line=1, append_to=document
                ),
            )
        # The course title becomes the course section; never a second '# title'.
        config = dataclasses.replace(config, title_to_header=False)
        parser = create_md_parser(config, CourseRenderer)
        parser.use(gh_reveal_plugin)
        parser.options["document"] = document
        parser.options["gh_reveal_course"] = info
        parser.options["gh_reveal_markers_in_code"] = env.config.gh_reveal_markers_in_code
        parser.options["gh_reveal_allow_unsafe_attributes"] = (
            env.config.gh_reveal_allow_unsafe_attributes
        )
        fewer_pauses()
        parser.render(inputstring)
