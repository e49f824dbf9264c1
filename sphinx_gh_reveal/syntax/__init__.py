"""markdown-it-py rules for the gh-reveal dialect (no docutils, no Sphinx).

:func:`gh_reveal_plugin` is all a caller needs; each syntax lives in its own
module so that it can be read and tested alone.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from .html_elements import html_elements_plugin
from .include import include_plugin
from .markers import markers_plugin
from .structure import structure_plugin


def gh_reveal_plugin(md: MarkdownIt, *, kramdown: bool = True) -> None:
    """Add every gh-reveal rule to ``md``.

    :param kramdown: also read the kramdown habits courses rely on (tables
        without a separator line, looser ``**``, ``##`` alone as text).
    """
    structure_plugin(md)
    include_plugin(md)
    markers_plugin(md)
    html_elements_plugin(md)
    if kramdown:
        from .empty_headings import empty_headings_plugin
        from .kramdown_tables import kramdown_tables_plugin
        from .loose_emphasis import loose_emphasis_plugin

        kramdown_tables_plugin(md)
        loose_emphasis_plugin(md)
        empty_headings_plugin(md)


__all__ = ["gh_reveal_plugin"]
