"""Visitors for the html builders (the course as a page) and for the rest.

On a page, a slide id becomes an anchor, a slide boundary a thin rule, an
icon the same ``<i class="fa ...">`` as in the deck. Builders that are not
HTML (text, LaTeX, man, Texinfo) drop what only makes sense on screen and
keep all the text: they never crash on a course.
"""

from __future__ import annotations

from docutils import nodes

from ..locale import _, language_tag


def skip(self, node: nodes.Element) -> None:
    """Write nothing for this node, nor for its children."""
    raise nodes.SkipNode


def walk(self, node: nodes.Element) -> None:
    """Write nothing for the node itself; its children are written as usual."""


def visit_html_marker(self, node: nodes.Element) -> None:
    """A ``§id`` left on the page is an anchor that ``#id`` links can reach."""
    if node["kind"] == "id" and node["value"]:
        self.body.append(f'<span id="{self.attval(node["value"])}"></span>')
    raise nodes.SkipNode


def visit_html_structure(self, node: nodes.Element) -> None:
    """A slide boundary on the page: a thin rule, hidden from screen readers."""
    if node["kind"] in ("new", "break"):
        self.body.append(
            f'<hr class="ghr-slide-boundary ghr-{node["kind"]}" aria-hidden="true" />\n'
        )
    raise nodes.SkipNode


def visit_html_subtitle(self, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "p", "", CLASS="ghr-subtitle"))


def depart_html_subtitle(self, node: nodes.Element) -> None:
    self.body.append("</p>\n")


def visit_as_paragraph(self, node: nodes.Element) -> None:
    self.visit_paragraph(node)


def depart_as_paragraph(self, node: nodes.Element) -> None:
    self.depart_paragraph(node)


def visit_html_notes(self, node: nodes.Element) -> None:
    """Speaker notes on a page: collapsed, one click away."""
    self.body.append(self.starttag(node, "details", CLASS="ghr-notes"))
    # Our word, in the build's language (the course around it may have another).
    lang = self.attval(language_tag(self.config.language))
    self.body.append(f'<summary lang="{lang}">{self.encode(_("Speaker notes"))}</summary>\n')


def depart_html_notes(self, node: nodes.Element) -> None:
    self.body.append("</details>\n")
