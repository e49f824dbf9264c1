"""The Markdown parser: MyST for every page, MyST plus gh-reveal for courses.

MyST builds a fresh ``MarkdownIt`` per document and offers no hook to add a
rule, so this subclass repeats its short ``parse`` and, for courses only,
adds the gh-reveal plugin and the :class:`CourseRenderer`. Other Markdown
pages go through MyST untouched.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

from docutils import nodes
from markdown_it import MarkdownIt
from myst_parser.config.main import TopmatterReadError, merge_file_level
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import MystWarnings, create_warning
from sphinx_revealjs.utils import get_revealjs_path

from ._memory.collector import fewer_pauses
from .config import settings_of
from .course import (
    METADATA_KEY,
    CourseInfo,
    chosen,
    decide,
    find_evidence,
    has_markers,
    read_course_info,
    read_front_matter,
)
from .course_style import check_course_style
from .i18n import course_of_message, reading_a_message, remember_course
from .offline_math import with_dollar_math
from .rendering import CourseRenderer
from .rendering.base import OPTIONS_KEY, CourseOptions
from .safety import clean_initialization
from .syntax import gh_reveal_plugin
from .transforms.attach import AttachMarkers
from .transforms.checks import CheckCourse
from .transforms.marker_files import FindMarkerFiles
from .warnings_ import GhRevealWarnings, warn

if TYPE_CHECKING:
    _ParserBase = MystParser
else:
    _ParserBase = object  # course_parser_for puts the project's MyST parser after the mixin


@functools.cache
def available_themes() -> frozenset[str]:
    """The reveal.js themes sphinx-revealjs ships (``theme:`` must name one)."""
    folder = get_revealjs_path() / "dist" / "theme"
    return frozenset(p.stem for p in folder.glob("*.css"))


class CourseParserMixin(_ParserBase):
    """Read courses with the gh-reveal plugin; leave every other document to the parser below."""

    def get_transforms(self):
        return [*super().get_transforms(), AttachMarkers, FindMarkerFiles, CheckCourse]

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        course = course_of_message(document)
        if course is not None:
            # A translated message of a course: its markers are course markers.
            info, matter = course
            return self._render_message(inputstring, document, info, matter)
        unreadable = ""
        try:
            topmatter = read_front_matter(inputstring)
        except TopmatterReadError as error:
            topmatter, unreadable = None, str(error)
        matter = topmatter if isinstance(topmatter, dict) else None
        choice = chosen(matter, env.docname, settings_of(env.config).courses)
        if choice is False or (choice is None and not has_markers(inputstring)):
            return super().parse(inputstring, document)

        # The front matter's own MyST settings (``myst:``) apply to the page;
        # their warnings wait until we know which parser reads it.
        held: list[tuple[MystWarnings, str]] = []
        parser = _course_parser(env, matter, lambda wtype, msg: held.append((wtype, msg)))
        fewer_pauses()
        md_env: dict = {}
        tokens = parser.parse(inputstring, md_env)
        if choice is None:
            decision = decide(matter, bool(unreadable), find_evidence(tokens))
            if not decision.course:
                del tokens
                if decision.hint:
                    warn(
                        decision.hint,
                        GhRevealWarnings.DETECT,
                        location=(env.docname, decision.line),
                    )
                return super().parse(inputstring, document)

        info = read_course_info(topmatter)
        info.initialization, dropped = clean_initialization(
            info.initialization, allow_unsafe=settings_of(env.config).allow_unsafe_attributes
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
        check_course_style(env, env.docname, info)
        env.metadata[env.docname][METADATA_KEY] = info.as_dict()
        remember_course(env, info, matter)
        for wtype, msg in held:
            create_warning(document, msg, wtype, line=1, append_to=document)
        _set_options(parser, document, info, message=False)
        parser.renderer.render(tokens, parser.options, md_env)

    def _render_message(
        self, inputstring: str, document: nodes.document, info: CourseInfo, matter: dict | None
    ) -> None:
        """Render one translated message of a course, as course text."""
        parser = _course_parser(
            document.settings.env,
            matter,
            lambda wtype, msg: create_warning(document, msg, wtype, line=1, append_to=document),
            message=True,
        )
        _set_options(parser, document, info, message=True)
        with reading_a_message():
            parser.render(inputstring)


def _course_parser(env, matter: dict | None, on_warning, *, message: bool = False) -> MarkdownIt:
    """MyST's markdown-it parser for this document, with the gh-reveal plugin."""
    config = env.myst_config
    if matter:
        # The front matter's own MyST settings (``myst:``) apply to the page.
        config = merge_file_level(config, matter, on_warning)
    # The course title becomes the course section; never a second '# title'.
    config = dataclasses.replace(config, title_to_header=False)
    config = with_dollar_math(config, settings_of(env.config).dollar_math)
    parser = create_md_parser(config, CourseRenderer)
    parser.use(gh_reveal_plugin)
    if message:
        parser.disable("ghr_include")  # a translation cannot pull files in
    return parser


def _set_options(
    parser: MarkdownIt, document: nodes.document, info: CourseInfo, *, message: bool
) -> None:
    """What the course renderer reads: the document, and one typed :class:`CourseOptions`."""
    parser.options["document"] = document
    parser.options[OPTIONS_KEY] = CourseOptions(
        settings_of(document.settings.env.config), info, message=message
    )


class CourseParser(CourseParserMixin, MystParser):
    """MyST's Sphinx parser, which also reads gh-reveal courses."""


def reading_courses(parser: type) -> type:
    """The parser ``parser`` (MyST's, or one built on it, like myst-nb's), also reading courses."""
    if issubclass(parser, CourseParserMixin):
        return parser
    return type(f"Course{parser.__name__}", (CourseParserMixin, parser), {})
