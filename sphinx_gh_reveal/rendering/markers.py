"""Render the gh-reveal tokens: markers, cuts, includes, and markers in code.

The nodes made here are the read-time nodes of :mod:`sphinx_gh_reveal.nodes`;
what a marker applies to is left to :mod:`sphinx_gh_reveal.transforms.attach`.
A marker that cannot be used is kept as text, with a located warning.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line

from .. import nodes as ghr
from ..chapters import MAX_SCAN_BYTES, file_kind, read_bounded
from ..safety import check_attribute
from ..syntax.scan import (
    ATTR_KINDS,
    ELEMENT_KINDS,
    LEGACY_MARK,
    MARK,
    STRUCTURE_KINDS,
    Marker,
    strip_markers,
)
from ..warnings_ import GhRevealWarnings, warn
from .base import CourseRendererBase

#: How deep chapters may include chapters (each level costs Python stack frames).
MAX_INCLUDE_DEPTH = 32

class MarkerRenderMixin(CourseRendererBase):
    """``render_ghr_*`` methods, and the markers found in code."""

    def _stamp(self, node: nodes.Node, token: SyntaxTreeNode, offset: int | None = None) -> None:
        """Source and line of ``token``, moved down to the line an inline token is on."""
        self.add_line_and_source_path(node, token)
        if offset is None:
            offset = token.meta.get("line_offset", 0)
        if offset and node.line is not None:
            node.line += offset

    def render_ghr_structure(self, token: SyntaxTreeNode) -> None:
        node = ghr.ghr_structure(token.content, kind=token.meta["kind"])
        self._stamp(node, token)
        self.current_node.append(node)

    def render_ghr_marker(self, token: SyntaxTreeNode) -> None:
        node = self._marker_node(Marker(**_marker_fields(token.meta)), token)
        self.current_node.append(node)

    def _marker_node(
        self, marker: Marker, token: SyntaxTreeNode, offset: int | None = None
    ) -> nodes.Node:
        """The node standing for ``marker``: kept text if it is unusable."""
        located = nodes.Element()  # stamped first: it is the warnings' location
        self._stamp(located, token, offset)
        if marker.kind == "unknown" or marker.error:
            hint = " (write \\§ for a literal §)" if marker.kind == "unknown" else ""
            subtype = GhRevealWarnings.ATTRS if marker.kind in ATTR_KINDS else GhRevealWarnings.MARKER
            warn(f"{marker.error}{hint}", subtype, location=located)
            return nodes.Text(marker.raw)
        node: nodes.Element
        if marker.kind in STRUCTURE_KINDS:
            node = ghr.ghr_structure(marker.raw, kind=marker.kind)
        elif marker.kind == "icon":
            label = dict(marker.attrs).get("aria-label", "")
            # A label is the author's text: text builders write it, HTML says it.
            node = ghr.ghr_icon("", *([nodes.Text(label)] if label else []), name=marker.value, label=label)
        else:
            node = ghr.ghr_marker(
                marker.raw,
                raw=marker.raw,
                kind=marker.kind,
                value=marker.value,
                attrs=self._safe_attrs(marker, located),
            )
        node.source, node.line = located.source, located.line
        return node

    def _safe_attrs(self, marker: Marker, location: nodes.Element) -> list[list[str]]:
        """Refuse what could become script (see :mod:`~sphinx_gh_reveal.safety`), unless allowed."""
        if self.md_options.get("gh_reveal_allow_unsafe_attributes"):
            return marker.attrs
        kept = []
        for name, value in marker.attrs:
            written, refused = check_attribute(name, value)
            if written is None:
                warn(
                    f"attribute {name}={value!r} of {marker.raw!r} was refused: {refused} "
                    "are off unless gh_reveal_allow_unsafe_attributes = True",
                    GhRevealWarnings.UNSAFE,
                    location=location,
                )
                continue
            kept.append([name, written])
        return kept

    def render_ghr_html(self, token: SyntaxTreeNode) -> None:
        """Raw HTML tags that a marker acts on: one node around what they hold."""
        # A ghr_html token is always a pair of tags (syntax/html_elements.py).
        assert token.nester_tokens is not None
        opening, closing = token.nester_tokens
        node = ghr.ghr_html_element(tag=opening.tag, start=opening.content, end=closing.content)
        self._stamp(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def render_ghr_include(self, token: SyntaxTreeNode) -> None:
        line = token_line(token, default=0)
        here = Path(self.document["source"])
        location = f"{here}:{line}"
        target = self._resolve_include(token.meta["path"], here, location)
        if target is None:
            return
        self._include_stack.append(target)
        try:
            srcdir = Path(self.sphinx_env.srcdir).resolve()
            relative = target.relative_to(srcdir).as_posix()
            self.current_node.extend(self.run_directive("include", "/" + relative, "", line))
        finally:
            self._include_stack.pop()

    def _resolve_include(self, written: str, here: Path, location: str) -> Path | None:
        """The file to include, or ``None`` after a warning saying why not."""
        srcdir = Path(self.sphinx_env.srcdir).resolve()
        target = (here.parent / written).resolve()
        if not target.is_relative_to(srcdir):
            warn(
                f"include_relative {written!r} leaves the project's source folder; "
                "it was not read (move the file under the project)",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        if target in self._include_stack:
            chain = " -> ".join(p.name for p in [*self._include_stack, target])
            warn(
                f"include_relative {written!r} includes itself ({chain}); skipped",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        if len(self._include_stack) > MAX_INCLUDE_DEPTH:
            warn(
                f"include_relative {written!r} is nested more than {MAX_INCLUDE_DEPTH} "
                "chapters deep; it was not read (include the chapters from fewer levels)",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        shown = target.relative_to(srcdir)
        try:
            mode = os.stat(target).st_mode
        except OSError:
            mode = None
        if mode is None or not stat.S_ISREG(mode):
            what = "no such file" if mode is None else f"{file_kind(mode)}, not a file"
            warn(
                f"include_relative {written!r}: {what} ({shown})",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        data = read_bounded(target, MAX_SCAN_BYTES + 1)
        problem = ""
        if data is None:
            problem = "cannot be read"
        elif len(data) > MAX_SCAN_BYTES:
            problem = f"is larger than {MAX_SCAN_BYTES // (1024 * 1024)} MiB"
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                problem = f"is not UTF-8 text (byte {error.start}); is it a binary file?"
            else:
                if "\x00" in text:
                    problem = "holds NUL characters; is it a binary file?"
        if problem:
            warn(
                f"include_relative {written!r}: {shown} {problem}; it was not read",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        return target

    # -- the legacy word and markers in code ---------------------------------

    def render_text(self, token: SyntaxTreeNode) -> None:
        self.current_node.append(nodes.Text(token.content.replace(LEGACY_MARK, MARK)))

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
        """Cut the markers out of a code token's text; replace ``PARAGRAPH``.

        Real courses end a quiz answer's code line with ``§fragment``; the
        original applied it, so we do too, to the whole block, unless the
        course or the project makes markers in code literal.
        """
        raw = token.token if hasattr(token, "token") and token.token else None
        if raw is None:
            return []
        markers: list[tuple[int, Marker]] = []
        if MARK in raw.content and self.markers_in_code:
            raw.content, markers = strip_markers(raw.content)
        raw.content = raw.content.replace(LEGACY_MARK, MARK)
        return markers

    def _apply_code_markers(self, target, markers, token: SyntaxTreeNode) -> None:
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
            else:
                after.append(node)
        if after:
            parent = target.parent
            index = parent.index(target)
            for offset, node in enumerate(after, start=1):
                parent.insert(index + offset, node)


def _marker_fields(meta: dict) -> dict:
    return {key: meta[key] for key in ("kind", "raw", "value", "attrs", "error")}
