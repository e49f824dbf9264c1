"""What the extension does for memory and speed, as other code in the build sees it.

A written course's doctree is taken apart once its page is written, and the
collector's thresholds are raised only while courses are read, then given
back.
"""

from __future__ import annotations

import gc
import weakref

import pytest
from docutils import nodes

from conftest import soup_of, warnings_of


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_a_written_course_doctree_is_taken_apart_once_written(app_in_copy, builder):
    app = app_in_copy("basic", builder, name=f"basic-free-{builder}")
    seen = {}

    def look(app, pagename, templatename, context, doctree):
        if pagename == "course":
            seen["text"] = doctree.astext()
            seen["doctree"] = weakref.ref(doctree)  # a weak reference holds nothing

    # The last listener of all, as a theme adding template helpers could be.
    app.connect("html-page-context", look, priority=999)
    app.build()
    assert "Remember to" in seen["text"]  # every listener saw the full course
    doctree = seen["doctree"]()
    assert doctree is None or not doctree.children  # taken apart (or already freed)
    deck = soup_of(app, "course" if builder == "revealjs" else "slides/course")
    assert "Remember to" in deck.get_text()


@pytest.mark.sphinx("revealjs", testroot="basic", freshenv=True)
def test_a_doctree_another_extension_keeps_stays_whole(app, warning):
    kept = {}

    def keep(app, pagename, templatename, context, doctree):
        kept[pagename] = doctree  # an extension that uses the doctrees later

    app.connect("html-page-context", keep)
    app.build()
    assert warnings_of(warning) == ""
    assert "Remember to" in kept["course"].astext()
    assert kept["course"].children


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_pages_that_are_not_courses_keep_their_doctree(app, warning):
    kept = {}

    def keep(app, pagename, templatename, context, doctree):
        kept[pagename] = doctree

    app.connect("html-page-context", keep)
    app.build()
    plain = kept["plain"]
    assert isinstance(plain, nodes.document) and plain.children
    assert "A plain MyST page" in plain.astext()


@pytest.mark.parametrize("builder", ["revealjs", "html"])  # html also writes the decks alongside
@pytest.mark.sphinx(testroot="basic", freshenv=True)
def test_collector_thresholds_are_raised_while_courses_are_read_then_given_back(
    app_in_copy, builder
):
    app = app_in_copy("basic", builder, name=f"basic-gc-{builder}")
    before = gc.get_threshold()
    during = {}

    def read(app, doctree):
        during[app.env.docname] = gc.get_threshold()

    app.connect("doctree-read", read)
    app.build()
    assert during["course"][0] > before[0]  # fewer young collections while a course is read
    assert gc.get_threshold() == before  # and the user's values come back
    if builder == "html":
        assert (app.outdir / "slides" / "course.html").is_file()
