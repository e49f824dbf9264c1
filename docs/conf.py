"""Sphinx configuration of the sphinx-gh-reveal documentation.

The site is written with the extension itself: ``example-course.md`` is a
gh-reveal course, the other pages are ordinary MyST pages.

    sphinx-build -b html docs docs/_build/html          # the site
    sphinx-build -b revealjs docs docs/_build/revealjs  # the same pages as decks
"""

from __future__ import annotations

import importlib.util

project = "sphinx-gh-reveal"
author = "The sphinx-gh-reveal team"
copyright = "2025, The sphinx-gh-reveal team"

extensions = ["sphinx_gh_reveal"]

exclude_patterns = ["_build"]

# furo comes with the `docs` extra; fall back to Sphinx's own theme without it.
html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
html_title = "sphinx-gh-reveal"

# The example course's deck also as one self-contained file, published next
# to its folder deck: slides/example-course.single.html (see single-file.md).
gh_reveal_single_file = True
