"""Read time: files that marker attributes name, copied with the page and the deck.

``§slide:data-background-image=img/bg.png§;`` or ``§element:src=clip.mp4§;``
names a file of the project, as an image does. Each such file is found
relative to the document (``/path`` from the source folder, as for images),
recorded with Sphinx's image machinery (a :class:`~sphinx_gh_reveal.nodes.ghr_file`
at the end of the document: Sphinx copies it into ``_images`` and rebuilds
the page when it changes), and the writers point the attribute at the copy.
A local file that does not exist is a ``gh-reveal.asset`` warning.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .. import nodes as ghr
from ..warnings_ import GhRevealWarnings, warn

#: Attributes whose value reveal.js or the browser loads as a file.
FILE_ATTRIBUTES = ("data-background-image", "data-background-video", "src", "data-src", "poster")
#: ``data-background`` is a colour or a file: a file only when it exists.
MAYBE_FILE_ATTRIBUTES = ("data-background",)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class FindMarkerFiles(SphinxTransform):
    """Note the project files that marker attributes name."""

    # After AttachMarkers (250), which puts the attributes on their nodes.
    default_priority = 251

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        found: dict[str, str] = {}
        for node in self.document.findall(nodes.Element):
            # Most nodes have no marker attribute: no call for them.
            if ghr.ATTRS_KEY not in node.attributes and not isinstance(node, ghr.ghr_marker):
                continue
            for name, value in _attributes(node):
                if name not in FILE_ATTRIBUTES + MAYBE_FILE_ATTRIBUTES or not _is_local(value):
                    continue
                path = self._in_project(value, docname)
                if path is None:
                    if name in FILE_ATTRIBUTES:
                        warn(
                            f"{name}={value}: no such file in the project "
                            "(paths are relative to the course file, "
                            "or to the source folder with '/')",
                            GhRevealWarnings.ASSET,
                            location=node,
                        )
                    continue
                files: dict[str, str] = node.setdefault(ghr.FILES_KEY, {})
                files[name] = path
                found.setdefault(path, path)
        for path in found:
            self.document += ghr.ghr_file("", uri="/" + path)

    def _in_project(self, value: str, docname: str) -> str | None:
        """The source-relative POSIX path of ``value`` when it is a file of the project."""
        relative, absolute = self.env.relfn2path(value.split("#")[0].split("?")[0], docname)
        srcdir = Path(self.env.srcdir).resolve()
        try:
            resolved = Path(absolute).resolve()
        except OSError:
            return None
        if not resolved.is_relative_to(srcdir) or not resolved.is_file():
            return None
        return posixpath.normpath(Path(relative).as_posix())


def _attributes(node: nodes.Element) -> list[list[str]]:
    """The marker attributes a node has, or (a ``§slide``) will give its slide."""
    if isinstance(node, ghr.ghr_marker):
        return node.get("attrs", []) if node.get("kind") == "slide" else []
    return node.get(ghr.ATTRS_KEY, [])


def _is_local(value: str) -> bool:
    return bool(value) and not value.startswith(("#", "//")) and not _SCHEME.match(value)
