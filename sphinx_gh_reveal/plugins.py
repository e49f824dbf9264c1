"""The reveal.js plugins a course may turn on: one table for the config and the decks.

:mod:`~sphinx_gh_reveal.config` checks ``gh_reveal_plugins`` against it,
:mod:`~sphinx_gh_reveal.course_style` checks a course's ``plugins:``, and
:mod:`~sphinx_gh_reveal.assets` loads the scripts. It imports nothing of the
package, so the config stage never depends on a later one.
"""

from __future__ import annotations

#: reveal.js plugins shipped with sphinx-revealjs: option name -> (global, script).
PLUGINS = {
    "notes": ("RevealNotes", "revealjs/plugin/notes/notes.js"),
    "highlight": ("RevealHighlight", "revealjs/plugin/highlight/highlight.js"),
    "zoom": ("RevealZoom", "revealjs/plugin/zoom/zoom.js"),
    "search": ("RevealSearch", "revealjs/plugin/search/search.js"),
    "math": ("RevealMath.KaTeX", "revealjs/plugin/math/math.js"),
}
#: Accepted but never loaded: reveal.js's math plugin fetches KaTeX from a
#: CDN; course formulas are typeset by the bundled MathJax (offline_math.py).
CDN_ONLY_PLUGINS = frozenset({"math"})
