"""Write marker attributes (``node["ghr_attrs"]``) into any HTML start tag.

Docutils' HTML writers put only ids and classes on a tag. Rather than
override each ``visit_*`` method, the translator mixin below adds the marker
attributes in ``starttag``, which every visitor goes through; ``starttag``
escapes every value, so a marker cannot break out of its attribute. In
decks, values reveal.js later pastes into HTML (``data-notes``, the link
preview's ``href``) are also made safe for that (:mod:`~sphinx_gh_reveal.safety`).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes

from ..config import settings_of
from ..nodes import ATTRS_KEY, FILES_KEY
from ..safety import HTML_VALUED, PREVIEW_URLS, as_reveal_writes_it

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator as _TranslatorBase
else:
    _TranslatorBase = object  # with_marker_attributes puts the translator after the mixin


class MarkerAttributesMixin(_TranslatorBase):
    """Translator mixin: emit the marker attributes a node carries."""

    #: Whether reveal.js-only attributes (``data-*``) are written.
    keep_data_attributes = True

    def starttag(self, node, tagname, suffix="\n", empty=False, **attributes):
        pairs = node.get(ATTRS_KEY) if isinstance(node, nodes.Element) else None
        # Some themes wrap a table in a <div> of the same node: style the table only.
        if pairs and not (isinstance(node, nodes.table) and tagname.lower() != "table"):
            lowered = {name.lower(): name for name in attributes}
            files = node.get(FILES_KEY) or {}
            for name, value in pairs:
                if name.startswith("data-") and not self.keep_data_attributes:
                    continue
                if name in files:
                    value = self._copied_file(files[name], value)
                key = lowered.get(name, name)
                if name == "style" and attributes.get(key):
                    value = f"{str(attributes[key]).rstrip(';')};{value}"
                attributes[key] = value
        if self.keep_data_attributes:
            self._as_reveal_writes_it(attributes)
        return super().starttag(node, tagname, suffix, empty, **attributes)

    def _copied_file(self, path: str, written: str) -> str:
        """Where the builder copied a file a marker attribute names.

        (See transforms/marker_files.py.)
        """
        copied = self.builder.images.get(path)
        return posixpath.join(self.builder.imgpath, copied) if copied else written

    def _as_reveal_writes_it(self, attributes: dict) -> None:
        """Values reveal.js pastes into HTML stay text (decks only)."""
        config = getattr(self, "config", None)
        allow = config is not None and settings_of(config).allow_unsafe_attributes
        for key, value in attributes.items():
            name = key.lower()
            if name in PREVIEW_URLS or (name in HTML_VALUED and not allow):
                if isinstance(value, str):
                    attributes[key] = as_reveal_writes_it(name, value)


def with_marker_attributes(translator: type, *, keep_data: bool) -> type:
    """A subclass of ``translator`` (the theme's own, whatever it is) with the mixin."""
    if issubclass(translator, MarkerAttributesMixin):
        return translator
    return type(
        f"GhReveal{translator.__name__}",
        (MarkerAttributesMixin, translator),
        {"keep_data_attributes": keep_data},
    )
