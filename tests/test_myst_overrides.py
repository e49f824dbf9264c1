"""Where the course renderer replaces MyST's code, and what it relies on.

The course renderer (:mod:`sphinx_gh_reveal.rendering`) subclasses MyST's
renderer. Most of its methods call MyST's and add to it; the few below
replace MyST's method, or rely on what it does, in a way a new MyST could
silently break. Each is pinned to the source it was checked against: when
MyST changes one, the test fails with the version and the method, and the
fix is to read MyST's new code, port the change (or drop the override) and
update the hash.
"""

from __future__ import annotations

import hashlib
import inspect
import textwrap

import myst_parser
import pytest
from docutils import nodes
from myst_parser.mdit_to_docutils.base import DocutilsRenderer
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

from sphinx_gh_reveal.rendering import CourseRenderer

from conftest import warnings_of

#: MyST method -> (sha256 prefix of its source, checked in myst-parser 5.2.0, why).
CHECKED = {
    "render": ("594276a38be0829e", "replaced: the token list is handed over, not copied"),
    "_render_tokens": ("ce7ae664b41f54cb", "replaced: one syntax tree per block, tokens freed"),
    "render_text": ("251707c2dd8bf6d4", "replaced: the legacy word for § becomes §"),
    "render_math_inline_double": ("7d6fd771a76bd0bc", "replaced: $$..$$ in a paragraph is inline"),
    "update_section_level_state": (
        "18ea45a6816a7fd1",
        "relied on: its only warning is myst.header, which courses leave out",
    ),
}
#: The MyST private methods the course renderer overrides (each one in CHECKED).
PRIVATE_OVERRIDES = {"_render_tokens"}


def _fingerprint(name: str) -> str:
    source = textwrap.dedent(inspect.getsource(getattr(DocutilsRenderer, name)))
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_myst_method_is_the_one_we_checked(name):
    expected, why = CHECKED[name]
    assert _fingerprint(name) == expected, (
        f"myst-parser {myst_parser.__version__} changed DocutilsRenderer.{name} "
        f"(checked against 5.2.0; {why}): read the new code, port the change to "
        "sphinx_gh_reveal/rendering, then update the hash in this test"
    )


def test_every_private_override_is_listed_and_checked():
    ours = {
        name
        for cls in CourseRenderer.__mro__
        if cls.__module__.startswith("sphinx_gh_reveal.")
        for name, value in vars(cls).items()
        if inspect.isfunction(value)
        and name.startswith("_")
        and not name.startswith("__")
        and hasattr(SphinxRenderer, name)
    }
    assert ours == PRIVATE_OVERRIDES
    assert PRIVATE_OVERRIDES <= set(CHECKED)


def _titles_and_parents(doctree) -> dict[str, str]:
    found = {}
    for section in doctree.findall(nodes.section):
        parent = section.parent
        found[section[0].astext()] = (
            parent[0].astext() if isinstance(parent, nodes.section) else "-"
        )
    return found


@pytest.mark.sphinx("html", testroot="rendering-headings", freshenv=True)
def test_course_headings_nest_as_myst_nests_them_without_its_warning(app, warning):
    app.build()
    text = warnings_of(warning)
    # A page keeps MyST's heading warning; a course, whose headings are slide
    # text at the level the author chose, does not get it.
    assert "page.md:3: WARNING: Non-consecutive header level increase; H1 to H3" in text
    assert "course.md" not in text, text
    assert text.count("[myst.header]") == 1, text
    assert _titles_and_parents(app.env.get_doctree("course")) == {
        "Headings at any level": "-",
        "Three right after the title": "Headings at any level",
        "Two": "Headings at any level",
        "Four under two": "Two",
    }
    doctree = app.env.get_doctree("course")
    levels = {s[0].astext(): s.get("ghr_level") for s in doctree.findall(nodes.section)}
    assert levels["Three right after the title"] == 3 and levels["Four under two"] == 4
