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
from ..code_steps import line_numbers_attribute
from ..config import settings_of
from ..course import CourseInfo, is_course
from ..course_style import slide_decorations
from ..locale import _
from .attributes import MarkerAttributesMixin

#: Highlight classes that mean "no language": let highlight.js guess, as the original did.
_NO_LANGUAGE = {"guess"}
#: Blocks that are text, not code (no language, ``text``): never coloured.
_PLAIN = {"", "default", "none", "text", "plaintext", "plain"}


class DeckTranslator(MarkerAttributesMixin, RevealjsSlideTranslator):
    """Translate a course (and any other page) for the revealjs builders."""

    keep_data_attributes = True

    def visit_document(self, node: nodes.document) -> None:
        # The page's theme and options are the deck builder's (writers/builders.py).
        self._ghr_course = is_course(self.builder.env, self.builder.current_docname)
        super().visit_document(node)

    # -- slides ------------------------------------------------------------

    def visit_ghr_title_slide(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "section", CLASS="ghr-title-slide"))

    def depart_ghr_title_slide(self, node: nodes.Element) -> None:
        page_of_deck = getattr(self.builder, "page_of_deck", None)
        page = page_of_deck(self.builder.current_docname) if page_of_deck else None
        if page:  # a deck written alongside its course page links back to it
            self.body.append(
                f'<p class="ghr-page-link"><a href="{self.attval(page)}">'
                f"{self.encode(_('Read as a page'))}</a></p>\n"
            )
        self.body.append(slide_decorations(self))
        self.body.append("</section>\n")

    def visit_ghr_stack(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "section"))

    def depart_ghr_stack(self, node: nodes.Element) -> None:
        self.body.append("</section>\n")

    visit_ghr_slide = visit_ghr_stack

    def depart_ghr_slide(self, node: nodes.Element) -> None:
        self.body.append(slide_decorations(self))  # the course's footer and logo
        self.body.append("</section>\n")

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

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        """Write ``<pre><code>`` for highlight.js, keeping marker attributes on ``<pre>``."""
        if not self._ghr_course or len(node) != 1 or not isinstance(node[0], nodes.Text):
            return super().visit_literal_block(node)
        language = node.get("language", "")
        if language in _PLAIN:
            code_class = ' class="nohighlight"'  # text, not code: highlight.js leaves it
        elif language in _NO_LANGUAGE:
            code_class = ""
        else:
            code_class = f' class="language-{self.attval(language)}"'
        code_class += _line_numbers(node, self.attval)
        # reveal.js numbers every block it highlights lines of: numbers only with :linenos:.
        numbered = node.get("linenos") or line_numbers_attribute(node) is None
        pre_class = {} if numbered else {"CLASS": "ghr-no-line-numbers"}
        self.body.append(self.starttag(node, "pre", "", **pre_class))
        self.body.append(f"<code data-trim data-noescape{code_class}>")
        self.body.append(self.encode(node.astext()))
        self.body.append("</code></pre>\n")
        raise nodes.SkipNode

    def visit_image(self, node: nodes.image) -> None:
        if self._ghr_course and settings_of(self.config).image_lightbox:
            written: list[list[str]] = node.get(ghr.ATTRS_KEY, [])
            pairs = [p for p in written if p[0] != "data-preview-image"]
            node[ghr.ATTRS_KEY] = [["data-preview-image", ""], *pairs]
        super().visit_image(node)


def _line_numbers(node: nodes.Element, attval) -> str:
    """reveal.js line numbers, highlighted lines and steps of a code block, as attributes."""
    value = line_numbers_attribute(node)
    if value is None:
        return ""
    attributes = f' data-line-numbers="{attval(value)}"' if value else " data-line-numbers"
    start = (node.get("highlight_args") or {}).get("linenostart")
    if isinstance(start, int) and start != 1:
        attributes += f' data-ln-start-from="{start}"'
    return attributes


def _slide_settings(info: CourseInfo, config) -> revealjs_slide:
    """The page's theme and ``Reveal.initialize`` options, as sphinx-revealjs reads them.

    As the original layout did, the deck's URL follows the slide
    (``history: true``, so a reload or a shared link keeps the place) unless
    the course's ``initialization`` or the project's ``revealjs_script_conf``
    says otherwise.
    """
    settings = revealjs_slide()
    settings["theme"] = info.theme or config.revealjs_style_theme
    initialization = dict(info.initialization)
    if "history" not in initialization and not _project_sets_history(config):
        initialization["history"] = True
    conf = json.dumps(initialization, sort_keys=True, ensure_ascii=False)
    # The JSON lands inside <script>: keep '</script>' and friends out of it.
    settings["conf"] = conf.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    settings.content = ""
    return settings


def _project_sets_history(config) -> bool:
    """Whether ``revealjs_script_conf`` names ``history``.

    The option is a mapping or a JavaScript object text.
    """
    project = config.revealjs_script_conf
    if isinstance(project, dict):
        return "history" in project
    return isinstance(project, str) and "history" in project


def visit_icon(self, node: nodes.Element) -> None:
    """``<i class="fa fa-NAME">``, as the original wrote it (Font Awesome 4 names).

    Without a label the icon is decoration, hidden from screen readers; with
    one (``§icon:at|at sign§;``) it is an image that says its label.
    """
    name = self.attval(node["name"])
    label = node.get("label", "")
    if label:
        self.body.append(
            f'<i class="fa fa-{name}" role="img" aria-label="{self.attval(label)}"></i>'
        )
    else:
        self.body.append(f'<i class="fa fa-{name}" aria-hidden="true"></i>')
    raise nodes.SkipNode
