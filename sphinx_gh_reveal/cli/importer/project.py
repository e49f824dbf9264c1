"""The files the import writes itself: conf.py, the list of courses, publishing files."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ... import __version__

if TYPE_CHECKING:
    from .plan import Plan


def project_files(plan: Plan) -> tuple[str, str, str, str]:
    """``conf.py``, the list of courses, ``requirements.txt``, ``.readthedocs.yaml``."""
    return conf_py(plan), index_md(plan), REQUIREMENTS, READTHEDOCS


def conf_py(plan: Plan) -> str:
    """``conf.py``: the extension, the site's title, each option explained."""
    root_doc = ""
    if plan.root_doc != "index":
        root_doc = (
            "\n# The site has a page at index.md: the list of courses is this document.\n"
            f"root_doc = {plan.root_doc!r}\n"
        )
    return f'''"""Sphinx configuration written by `sphinx-gh-reveal import` \
from a gh-reveal Jekyll site.

Build the decks and the pages:

    sphinx-build -b revealjs . _build/revealjs
    sphinx-build -b html . _build/html
"""

project = {plan.title!r}

# sphinx_gh_reveal sets up myst_parser and sphinx_revealjs itself.
extensions = ["sphinx_gh_reveal"]

# Every file of the site's _presentations/ folder was a course; this keeps
# those that use no marker (a course of plain text) courses here too.
gh_reveal_courses = ["{plan.courses_folder}/*"]

# Courses with `draft: true` are left out of the index of courses; True lists
# them, marked as drafts (the site's show_drafts).
gh_reveal_show_drafts = {plan.show_drafts!r}

# html builds also write each course's deck under slides/; False turns that off.
# gh_reveal_slides_alongside = True
# Every option: https://sphinx-gh-reveal.readthedocs.io (Configuration).

exclude_patterns = ["_build"]
{root_doc}
# Any Sphinx theme works for the pages (furo, sphinx_rtd_theme... once installed).
html_theme = "alabaster"
'''


def index_md(plan: Plan) -> str:
    """``index.md``: title, description, the courses index, a hidden toctree of every course."""
    description = f"{plan.description}\n\n" if plan.description else ""
    names = [posixpath.splitext(c.target)[0] for c in plan.courses]
    # A name with '<' or '>' would read as "title <target>": as a glob pattern
    # where every special character is a class of its own, it names only itself.
    glob = any(set(name) & set("<>[]*?") for name in names)
    if glob:
        names = ["".join(f"[{c}]" if c in "<>[]*?" else c for c in name) for name in names]
    toctree = "".join(f"{name}\n" for name in names)
    options = ":hidden:\n:glob:\n" if glob else ":hidden:\n"
    return (
        f"# {plan.title}\n\n{description}"
        "```{gh-reveal-courses}\n```\n\n"
        "% Every course, drafts too, so that Sphinx builds each; readers see the list above.\n"
        f"```{{toctree}}\n{options}\n{toctree}```\n"
    )


REQUIREMENTS = f"""\
# What the project needs to build (Read the Docs installs it; \
by hand: pip install -r requirements.txt)
sphinx-gh-reveal>={__version__}
"""

READTHEDOCS = """\
# Read the Docs: builds the html pages; each course's deck is written beside them (slides/).
# If this project sits in a subfolder of the repository, \
prefix conf.py and requirements.txt with it.
version: 2
build:
  os: ubuntu-24.04
  tools:
    python: "3.12"
sphinx:
  configuration: conf.py
python:
  install:
    - requirements: requirements.txt
"""
