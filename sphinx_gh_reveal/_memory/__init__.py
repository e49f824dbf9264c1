"""Memory and speed for long courses: the three tricks, in one place.

Each is measured by ``benchmarks/`` (see ``docs/performance.md``); the
figures are those of the 1000- and 5000-slide benchmark courses.

1. **Token trees taken apart as they are rendered** (:mod:`.trees`). The
   course renderer builds one small markdown-it syntax tree per top-level
   block and takes it apart once the block is rendered, instead of keeping
   MyST's whole token list and one tree for the course: peak memory at 5000
   slides went from 403 to 307 MiB, and reading now peaks below the
   pickling of the doctree (291 to 272 MiB).
2. **A written course's doctree freed at once** (:mod:`.doctrees`). Held
   when its page is written, taken apart when the page is surely done, so
   that reference counting frees it without waiting for a full collection:
   302 to 283 MiB at 5000 slides. Never done to a doctree that another
   extension still holds.
3. **Fewer collector pauses** (:mod:`.collector`). While courses are read
   and their pages and decks written, the young generation's threshold is
   raised: collector time of a 1000-slide build went from 0.49 s to 0.10 s.
   The previous thresholds come back when the build ends, also when it
   fails.

:func:`setup` connects the listeners, with explicit priorities.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import collector, doctrees


def setup(app: Sphinx) -> None:
    """Connect the memory listeners (see each module for why at that priority)."""
    doctrees.setup(app)
    collector.setup(app)
