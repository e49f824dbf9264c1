"""The ``gh-reveal-courses`` directive: the list of courses, as the original site's index.

Which documents are courses is only known once every source is read, so the
directive leaves a placeholder and a post-transform fills it at write time:
title (a link to the page, or to the deck in the revealjs builders),
subtitle, and a link to the slides written alongside an html build. Courses
with ``draft: true`` are listed only with ``gh_reveal_show_drafts = True``,
and then marked as drafts::

    ```{gh-reveal-courses}
    ```
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .config import settings_of
from .course import course_info
from .current_builder import builder_of
from .locale import _
from .nodes import ghr_courses_index
from .transforms.handout import PAGE_BUILDERS

#: Set on a document that holds the directive.
HAS_INDEX = "ghr_courses_index"
#: Builders that write the pages as one joined tree.
_ONE_TREE = ("singlehtml", "latex", "texinfo")


class CoursesDirective(SphinxDirective):
    """Place the list of the project's courses here."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        # The list depends on every other document: read this page again at
        # each build, so that a new or removed course shows at once.
        self.env.note_reread()
        node = ghr_courses_index()
        self.state.document[HAS_INDEX] = True  # lets every other page skip the post-transform
        self.set_source_info(node)
        return [node]


class FillCoursesIndex(SphinxPostTransform):
    """Replace each placeholder by a bullet list of courses."""

    # Before Sphinx resolves references (10): the page links are pending_xref.
    default_priority = 5

    def run(self, **kwargs) -> None:
        # singlehtml, LaTeX and texinfo join every page into one tree, which
        # does not carry the flag of the page that holds the directive.
        if not self.document.get(HAS_INDEX) and builder_of(self.env).name not in _ONE_TREE:
            return
        for placeholder in list(self.document.findall(ghr_courses_index)):
            placeholder.replace_self(self._course_list())

    def _course_list(self) -> nodes.Node:
        builder = builder_of(self.env)
        settings = settings_of(self.env.config)
        show_drafts = settings.show_drafts
        with_slides = builder.name in PAGE_BUILDERS and settings.slides_alongside
        here = builder.get_target_uri(self.env.docname).split("#")[0] or "index.html"
        items = nodes.bullet_list(classes=["ghr-courses"])
        for docname in sorted(self.env.found_docs):
            info = course_info(self.env, docname)
            if info is None or (info.draft and not show_drafts):
                continue
            title = info.title or docname
            link = addnodes.pending_xref(
                "",
                nodes.inline("", title),
                refdomain="std",
                reftype="doc",
                reftarget=f"/{docname}",
                refexplicit=True,
                refwarn=True,
            )
            paragraph = nodes.paragraph("", "", nodes.strong("", "", link))
            if info.draft:
                paragraph += nodes.inline("", f" ({_('draft')})", classes=["ghr-draft"])
            if info.subtitle:
                paragraph += nodes.Text(f" — {info.subtitle}")
            if with_slides:
                deck = f"{settings.slides_folder}/{docname}.html"
                paragraph += nodes.Text(" ")
                paragraph += nodes.reference(
                    "", _("slides"), refuri=relative_uri(here, deck), classes=["ghr-slides-link"]
                )
            items += nodes.list_item("", paragraph, classes=["ghr-draft"] if info.draft else [])
        if not len(items):
            return nodes.paragraph("", _("No course yet."), classes=["ghr-courses"])
        return items


def setup_courses_index(app: Sphinx) -> None:
    """Register the directive, its placeholder node and the post-transform."""
    app.add_directive("gh-reveal-courses", CoursesDirective)
    app.add_node(ghr_courses_index)
    app.add_post_transform(FillCoursesIndex)
