"""Render code that holds markers: code spans, fences and indented code.

Real courses end a quiz answer's code line with ``§fragment``; the original
applied it, so we do too, to the whole block, unless the course or the
project makes markers in code literal (``markers_in_code``). The markers are
cut out of the code's text before MyST renders it, then applied to the node
it made.

A MyST directive written as a fence (```` ```{note} ````) is code only when
its body is not Markdown (:data:`LITERAL_DIRECTIVES`); the body of any other
directive is read as Markdown, so its markers are left to that reading and
act where they stand, as in a ``:::{note}`` block.
"""

from __future__ import annotations

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode

from .. import nodes as ghr
from ..syntax.scan import ELEMENT_KINDS, LEGACY_MARK, MARK, Marker, strip_markers
from ..warnings_ import GhRevealWarnings, warn
from .inline import InlineMarkerRenderer

#: Directives whose body is code, data or another markup: its markers apply to the whole block.
LITERAL_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "code-cell",
        "literalinclude",
        "math",
        "raw",
        "eval-rst",
        "csv-table",
        "mermaid",
        "graphviz",
        "parsed-literal",
        "productionlist",
        "highlight",
        "toctree",
        "include",
    }
)


def _directive_name(token: SyntaxTreeNode) -> str | None:
    """The directive a fence holds (``note`` for ```` ```{note} ````), if it holds one."""
    info = (token.info or "").strip()
    if token.type != "fence" or not (info.startswith("{") and "}" in info):
        return None
    return info[1 : info.index("}")].strip()


def _markdown_directive(token: SyntaxTreeNode) -> bool:
    """Whether ``token`` is a fence holding a directive whose body is Markdown."""
    name = _directive_name(token)
    return name is not None and name not in LITERAL_DIRECTIVES


class CodeMarkerRenderer(InlineMarkerRenderer):
    """MyST's code renderers, with the markers their text holds taken out and applied."""

    def render_code_inline(self, token: SyntaxTreeNode) -> None:
        markers = self._take_code_markers(token)
        super().render_code_inline(token)
        self._apply_code_markers(self.current_node[-1], markers, token)

    def render_fence(self, token: SyntaxTreeNode) -> None:
        markers = self._take_code_markers(token)
        super().render_fence(token)
        self._apply_code_markers(self.current_node[-1], markers, token)

    def render_code_block(self, token: SyntaxTreeNode) -> None:
        markers = self._take_code_markers(token)
        super().render_code_block(token)
        self._apply_code_markers(self.current_node[-1], markers, token)

    def _take_code_markers(self, token: SyntaxTreeNode) -> list[tuple[int, Marker]]:
        """Cut the markers out of a code token's text; replace ``PARAGRAPH``."""
        raw = token.token if hasattr(token, "token") and token.token else None
        if raw is None or _markdown_directive(token):
            return []
        markers: list[tuple[int, Marker]] = []
        if MARK in raw.content and self.markers_in_code:
            raw.content, markers = strip_markers(raw.content)
        raw.content = raw.content.replace(LEGACY_MARK, MARK)
        return markers

    def _apply_code_markers(
        self, target: nodes.Node, markers: list[tuple[int, Marker]], token: SyntaxTreeNode
    ) -> None:
        if not markers or not isinstance(target, nodes.Element):
            return
        after: list[nodes.Node] = []
        fence_line = 1 if token.type == "fence" else 0  # the text starts under the fence
        for line_offset, marker in markers:
            node = self._marker_node(marker, token, line_offset + fence_line)
            if isinstance(node, nodes.Text):
                continue  # already warned; the text stayed in the code
            if isinstance(node, ghr.ghr_marker) and node["kind"] in ELEMENT_KINDS:
                ghr.add_attrs(target, node["attrs"])
                continue
            if isinstance(node, ghr.ghr_structure) and token.type != "code_inline":
                _report_cut_moved(node, token)
            after.append(node)
        if after:
            parent = target.parent
            index = parent.index(target)
            for offset, node in enumerate(after, start=1):
                parent.insert(index + offset, node)


def _report_cut_moved(cut: nodes.Element, token: SyntaxTreeNode) -> None:
    """A block of code (or a directive) cannot be cut in two: the cut follows it."""
    name = _directive_name(token)
    if name is not None:
        where, after = f"the '{{{name}}}' directive", "the directive"
    else:
        where, after = "a code block", "the code block"
    warn(
        f"'§{cut['kind']}' inside {where}: the slide is cut after {after}",
        GhRevealWarnings.MARKER,
        location=cut,
    )
