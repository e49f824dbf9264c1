"""Teach with Markdown: gh-reveal courses as reveal.js slides and HTML pages."""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app):
    """Set up the extension: the wiring lives in :mod:`sphinx_gh_reveal.extension`."""
    from sphinx_gh_reveal.extension import setup_extension

    return setup_extension(app)
