"""The deck writer: gh-reveal nodes as reveal.js markup.

:class:`DeckTranslator` is sphinx-revealjs's translator with three changes
for courses: the slide nodes of :mod:`sphinx_gh_reveal.transforms.deck`
become ``<section>`` and ``<aside class="notes">`` elements, marker
attributes of any name are written (escaped), and a code block keeps the
attributes its markers gave it. Pages that are not courses are written by
sphinx-revealjs exactly as before.
"""

from __future__ import annotations

import json

from docutils import nodes
from sphinx_revealjs.nodes import revealjs_slide
from sphinx_revealjs.writers import RevealjsSlideTranslator

from .. import nodes as ghr
from ..course import course_info
from ..locale import _
from .attributes import MarkerAttributesMixin

#: Highlight classes that mean "no language": let highlight.js guess, as the original did.
_NO_LANGUAGE = {"", "default", "none", "text", "guess"}


class DeckTranslator(MarkerAttributesMixin, RevealjsSlideTranslator):
    """Translate a course (and any other page) for the revealjs builders."""

    keep_data_attributes = True

    def visit_document(self, node: nodes.document) -> None:
        # sphinx-revealjs keeps the page's theme and config on the builder
        # and resets them only at a level-1 section; decide them per page.
        info = course_info(self.builder.env, self.builder.current_docname)
        self.builder.revealjs_slide = _slide_settings(info, self.config) if info else None
        self._ghr_course = info is not None
        super().visit_document(node)

    # -- slides ------------------------------------------------------------

    def visit_ghr_title_slide(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "section", CLASS="ghr-title-slide"))

    def depart_ghr_title_slide(self, node: nodes.Element) -> None:
        page = getattr(self.builder, "ghr_page_links", {}).get(self.builder.current_docname)
        if page:  # a deck written alongside its course page links back to it
            self.body.append(
                f'<p class="ghr-page-link"><a href="{self.attval(page)}">'
                f"{self.encode(_('Read as a page'))}</a></p>\n"
            )
        self.body.append("</section>\n")

    def visit_ghr_stack(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "section"))

    def depart_ghr_stack(self, node: nodes.Element) -> None:
        self.body.append("</section>\n")

    visit_ghr_slide = visit_ghr_stack
    depart_ghr_slide = depart_ghr_stack

    def visit_ghr_notes(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "aside", CLASS="notes"))

    def depart_ghr_notes(self, node: nodes.Element) -> None:
        self.body.append("</aside>\n")

    def visit_ghr_heading(self, node: nodes.Element) -> None:
        level = min(max(int(node["level"]), 1), 6)
        self.body.append(self.starttag(node, f"h{level}", ""))
        self.context.append(f"</h{level}>\n")

    def depart_ghr_heading(self, node: nodes.Element) -> None:
        self.body.append(self.context.pop())

    def visit_ghr_subtitle(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "p", "", CLASS="ghr-subtitle"))

    def depart_ghr_subtitle(self, node: nodes.Element) -> None:
        self.body.append("</p>\n")

    # -- code and images -----------------------------------------------------

    def visit_literal_block(self, node: nodes.Element) -> None:
        """Write ``<pre><code>`` for highlight.js, keeping marker attributes on ``<pre>``."""
        if not self._ghr_course or len(node) != 1 or not isinstance(node[0], nodes.Text):
            return super().visit_literal_block(node)
        language = node.get("language", "")
        code_class = "" if language in _NO_LANGUAGE else f' class="language-{self.attval(language)}"'
        self.body.append(self.starttag(node, "pre", ""))
        self.body.append(f"<code data-trim data-noescape{code_class}>")
        self.body.append(self.encode(node.astext()))
        self.body.append("</code></pre>\n")
        raise nodes.SkipNode

    def visit_image(self, node: nodes.Element) -> None:
        if self._ghr_course and self.config.gh_reveal_image_lightbox:
            pairs = [p for p in node.get(ghr.ATTRS_KEY, []) if p[0] != "data-preview-image"]
            node[ghr.ATTRS_KEY] = [["data-preview-image", ""], *pairs]
        super().visit_image(node)


def _slide_settings(info: dict, config) -> revealjs_slide:
    """The page's theme and ``Reveal.initialize`` options, as sphinx-revealjs reads them."""
    settings = revealjs_slide()
    settings["theme"] = info.get("theme") or config.revealjs_style_theme
    conf = json.dumps(info.get("initialization") or {}, sort_keys=True, ensure_ascii=False)
    # The JSON lands inside <script>: keep '</script>' and friends out of it.
    settings["conf"] = conf.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    settings.content = ""
    return settings


def visit_icon(self, node: nodes.Element) -> None:
    """``<i class="fa fa-NAME">``, as the original wrote it (Font Awesome 4 names).

    Without a label the icon is decoration, hidden from screen readers; with
    one (``§icon:at|at sign§;``) it is an image that says its label.
    """
    name = self.attval(node["name"])
    label = node.get("label", "")
    if label:
        self.body.append(f'<i class="fa fa-{name}" role="img" aria-label="{self.attval(label)}"></i>')
    else:
        self.body.append(f'<i class="fa fa-{name}" aria-hidden="true"></i>')
    raise nodes.SkipNode
