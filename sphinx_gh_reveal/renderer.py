"""Tokens to docutils nodes, for courses only.

:class:`CourseRenderer` is MyST's Sphinx renderer plus one ``render_<token>``
method per gh-reveal token, and the few places where a course reads
differently from a MyST page (kramdown links, headings that never warn about
their level, markers in code, the legacy ``PARAGRAPH`` word). Resolving what
a marker applies to is left to :mod:`sphinx_gh_reveal.transforms.attach`.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.warnings_ import MystWarnings
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

from . import nodes as ghr
from .course import CourseInfo
from .syntax.scan import ATTR_KINDS, ELEMENT_KINDS, LEGACY_MARK, MARK, STRUCTURE_KINDS, Marker, strip_markers
from .warnings_ import GhRevealWarnings, warn

#: What a browser ignores in a URL: C0 controls and spaces before it, tabs and newlines anywhere.
_URL_NOISE = re.compile(r"\A[\x00-\x20]+|[\t\n\r]")
_SCRIPT_SCHEME = re.compile(r"(?:javascript|vbscript):", re.IGNORECASE)


def is_script_url(value: str) -> bool:
    """Whether a browser would run ``value`` as script."""
    return _SCRIPT_SCHEME.match(_URL_NOISE.sub("", value)) is not None


class CourseRenderer(SphinxRenderer):
    """Render a gh-reveal course; set up by :class:`~sphinx_gh_reveal.parser.CourseParser`."""

    @property
    def course(self) -> CourseInfo:
        """The course's typed front matter, from the parser."""
        return self.md_options["gh_reveal_course"]

    @property
    def markers_in_code(self) -> bool:
        """Whether markers in code take effect (the original's behaviour)."""
        own = self.course.markers_in_code
        if own is not None:
            return own
        return bool(self.md_options.get("gh_reveal_markers_in_code", True))

    # -- the course as a whole -------------------------------------------

    def render(self, tokens, options, md_env) -> nodes.document:
        """As MyST renders, but the token list is handed over, not copied.

        A long course's tokens and their syntax tree are, with the doctree,
        the largest thing in memory while it is read; handing the list over
        lets :meth:`_render_tokens` free each block once it is rendered.
        """
        self.setup_render(options, md_env)
        self._render_initialise()
        self._render_tokens(tokens)
        self._render_finalise()
        return self.document

    def _render_tokens(self, tokens) -> None:
        """Render each block as MyST does, then let its tokens go."""
        for token in tokens:
            if token.map:  # docutils counts lines from 1, markdown-it from 0
                token.map = [token.map[0] + 1, token.map[1] + 1]
                for child in token.children or []:
                    child.map = token.map
        blocks = SyntaxTreeNode(tokens).children
        tokens.clear()
        for index, block in enumerate(blocks):
            rule = self.rules.get(f"render_{block.type}")
            if rule is not None:
                rule(block)
            else:
                self.create_warning(
                    f"No render method for: {block.type}",
                    MystWarnings.RENDER_METHOD,
                    line=token_line(block, default=0),
                    append_to=self.current_node,
                )
            blocks[index] = None
            _unlink(block)

    def _render_initialise(self) -> None:
        super()._render_initialise()
        self._include_stack = [Path(self.document["source"]).resolve()]

    def _render_finalise(self) -> None:
        self._wrap_in_course_section()
        super()._render_finalise()

    def _wrap_in_course_section(self) -> None:
        """Put the course under one section titled by the front matter.

        Sphinx takes the page title (sidebar, ``<title>``, toctree) from the
        first section, and the deck needs the title slide: both come from
        ``title``, not from whatever heading the first slide has.
        """
        doc = self.document
        keep = 0  # the front matter field list stays first, for Sphinx's metadata
        while keep < len(doc) and isinstance(doc[keep], (nodes.field_list, nodes.docinfo)):
            keep += 1
        body = doc.children[keep:]
        del doc.children[keep:]
        title_text = self.course.title or self.sphinx_env.docname.rsplit("/", 1)[-1]
        section = nodes.section(ghr_course=True, ghr_docname=self.sphinx_env.docname)
        section.source, section.line = doc["source"], 1
        section["names"].append(nodes.fully_normalize_name(title_text))
        title = nodes.title(title_text, title_text)
        section += title
        if self.course.subtitle:
            section += ghr.ghr_subtitle(self.course.subtitle, self.course.subtitle)
        section.extend(body)
        doc += section
        doc.note_implicit_target(section, section)

    def update_section_level_state(self, section: nodes.section, level: int) -> None:
        """Nest sections as MyST does, without its heading-level warnings.

        In a course a heading is slide text at the level the author chose:
        ``###`` right after the title is normal, not a jump to report.
        """
        parent_level = max(lvl for lvl in self._level_to_section if level > lvl)
        self._level_to_section[parent_level].append(section)
        self._level_to_section[level] = section
        self._level_to_section = {
            lvl: sec for lvl, sec in self._level_to_section.items() if lvl <= level
        }

    def render_heading(self, token: SyntaxTreeNode) -> None:
        super().render_heading(token)
        made = self.current_node
        if isinstance(made, nodes.section):
            made["ghr_level"] = int(token.tag[1])

    def render_paragraph(self, token: SyntaxTreeNode) -> None:
        super().render_paragraph(token)
        # The text of a tight list item has no <p> of its own: a marker in it
        # styles the <li>. Only paragraphs holding markers need to know.
        if token.hidden and any(
            child.type == "ghr_marker" for inline in token.children for child in inline.children
        ):
            self.current_node[-1]["ghr_tight"] = True

    # -- gh-reveal tokens --------------------------------------------------

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
        if marker.kind in STRUCTURE_KINDS:
            node = ghr.ghr_structure(marker.raw, kind=marker.kind)
        elif marker.kind == "icon":
            node = ghr.ghr_icon(name=marker.value)
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
        """Drop event handlers and script URLs, unless the project allows them."""
        if self.md_options.get("gh_reveal_allow_unsafe_attributes"):
            return marker.attrs
        kept = []
        for name, value in marker.attrs:
            if name.startswith("on") or is_script_url(value):
                warn(
                    f"attribute {name}={value!r} of {marker.raw!r} was refused: event "
                    "handlers and script URLs are off unless "
                    "gh_reveal_allow_unsafe_attributes = True",
                    GhRevealWarnings.UNSAFE,
                    location=location,
                )
                continue
            kept.append([name, value])
        return kept

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
        if not target.is_file():
            warn(
                f"include_relative {written!r}: no such file ({target.relative_to(srcdir)})",
                GhRevealWarnings.INCLUDE,
                location=location,
            )
            return None
        return target

    # -- kramdown habits ----------------------------------------------------

    def render_link(self, token: SyntaxTreeNode) -> None:
        """Take the link as written: no cross-reference lookup, no warning.

        ``#/id`` links carry ``ghr_slide_link`` so the handout can point them
        at the slide's anchor on the page.
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


def _unlink(root: SyntaxTreeNode) -> None:
    """Break a rendered syntax tree's parent/child cycles, so it is freed at once."""
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        node.children = []
        node.parent = None


def _marker_fields(meta: dict) -> dict:
    return {key: meta[key] for key in ("kind", "raw", "value", "attrs", "error")}
