"""Render what kramdown read differently: links as written, headerless tables, ``$$`` in text."""

from __future__ import annotations

import posixpath
import re

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode

from ..safety import is_script_url
from .base import CourseRendererBase

#: A relative link to an ``.html`` file, as the original site linked its pages,
#: or to a ``.md`` file, which GitHub Pages (jekyll-relative-links) linked to its page;
#: maybe with a query and a fragment.
_PAGE_LINK = re.compile(r"(?![/#?])(?P<path>[^#?]+)\.(?:html|md)(?:[?#].*)?", re.DOTALL)


def linked_document(href: str, docname: str) -> str | None:
    """The document a page link of ``docname`` names if it is one of the project's.

    ``two.html#/part`` (or ``two.md#/part``, ``two.html?x=1#/part``) in
    ``a/one`` names ``a/two``: the original site put each page at
    ``name.html``, and a link was relative to the linking page.
    ``None`` for any other link and for a path leading out of the project.
    """
    match = _PAGE_LINK.fullmatch(href)
    if match is None:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), match["path"]))
    return None if target == ".." or target.startswith("../") else target


class KramdownRenderer(CourseRendererBase):
    """The course's links and tables, as the original site rendered them."""

    def render_link(self, token: SyntaxTreeNode) -> None:
        """Take the link as written: no cross-reference lookup, no warning.

        ``#/id`` links carry ``ghr_slide_link`` so the handout can point them
        at the slide's anchor on the page; links to a page of the site
        (``two.html#/part``) carry ``ghr_page_link``, the document they name,
        so that each builder writes its own URI for it
        (:mod:`~sphinx_gh_reveal.transforms.page_links`).
        """
        href = str(token.attrGet("href") or "")
        if token.info == "auto" or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href):
            return super().render_link(token)
        refuri = self.md.normalizeLinkText(href)
        if is_script_url(refuri):  # '%6Aavascript:' decodes into a script URL: keep it encoded
            refuri = href
        ref = nodes.reference(refuri=refuri)
        if href.startswith("#/") and len(href) > 2:
            ref["ghr_slide_link"] = href[2:]
        elif (docname := linked_document(refuri, self.sphinx_env.docname)) is not None:
            ref["ghr_page_link"] = docname
        if token.attrGet("title"):
            ref["reftitle"] = str(token.attrGet("title"))
        self._stamp(ref, token)
        with self.current_node_context(ref, append=True):
            self.render_children(token)

    def render_table(self, token: SyntaxTreeNode) -> None:
        """Render tables, including kramdown's tables without a header row."""
        if token.children and token.children[0].type == "thead":
            return super().render_table(token)
        table = nodes.table(classes=["colwidths-auto"])
        self.add_line_and_source_path(table, token)
        self.current_node.append(table)
        rows = [row for body in token.children or [] for row in body.children or []]
        cols = max((len(row.children or []) for row in rows), default=1)
        tgroup = nodes.tgroup(cols=cols)
        table += tgroup
        for _ in range(cols):
            tgroup += nodes.colspec(colwidth=100 // cols)
        tbody = nodes.tbody()
        tgroup += tbody
        with self.current_node_context(tbody):
            for row in rows:
                self.render_table_row(row)

    def render_math_inline_double(self, token: SyntaxTreeNode) -> None:
        """``$$...$$`` inside a paragraph is inline math, as kramdown reads it.

        MyST makes it a displayed formula, which would split the paragraph (a
        ``<div>`` inside ``<p>``). On lines of its own it stays displayed.
        Replaces MyST's method (checked: myst-parser 5.2.0).
        """
        node = nodes.math(token.content, token.content)
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)
