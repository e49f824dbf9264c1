"""Each reach into another package's internals (``sphinx_gh_reveal._compat``) still holds.

These tests fail when Sphinx or sphinx-revealjs change what ``_compat``
relies on, so that an upgrade is noticed here and not by a user.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sphinx
import sphinx_revealjs
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_gh_reveal import _compat
from sphinx_gh_reveal.writers.alongside import AlongsideDeckBuilder


class _DeckOnly(SphinxPostTransform):
    builders = ("revealjs",)


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_acting_builder_is_what_post_transforms_and_references_see(app):
    app.build()
    deck = AlongsideDeckBuilder(app, app.builder, Path(app.outdir) / "slides", [])
    document = app.env.get_doctree("guide")
    transform = _DeckOnly(document)
    transform.set_environment(app.env) if hasattr(transform, "set_environment") else None
    assert not transform.is_supported()
    with _compat.acting_builder(app, deck):
        assert app.builder is deck
        assert transform.is_supported()
    assert app.builder is not deck and not transform.is_supported()
    if sphinx.version_info >= (9,):
        assert app.env._builder_cls is type(app.builder)


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_listeners_only_holds_back_the_others_for_the_block(app):
    calls = []
    app.connect("html-page-context", lambda *args: calls.append("theirs"))
    events = app.events
    assert all(hasattr(listener, "handler") for listener in events.listeners["html-page-context"])
    before = list(events.listeners["html-page-context"])
    context = {"pathto": lambda *args, **kwargs: ""}  # for Sphinx's own listeners
    with _compat.listeners_only(events, "html-page-context", lambda handler: False):
        app.emit("html-page-context", "x", "page.html", context, None)
    assert calls == []
    assert events.listeners["html-page-context"] == before
    app.emit("html-page-context", "x", "page.html", context, None)
    assert calls == ["theirs"]


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_warnings_suppressed_drops_those_types_for_the_block(app):
    from sphinx.util import logging

    logger = logging.getLogger("gh-reveal-test")
    before = list(app.config.suppress_warnings)
    with _compat.warnings_suppressed(app, "ref"):
        logger.warning("inside", type="ref", subtype="doc")
        logger.warning("kept inside", type="gh-reveal", subtype="marker")
    logger.warning("outside", type="ref", subtype="doc")
    warnings = app.warning.getvalue()
    assert "inside" not in warnings.replace("kept inside", "")
    assert "kept inside" in warnings and "outside" in warnings
    assert app.config.suppress_warnings == before


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_isolated_config_changes_no_list_of_the_project(app):
    config = app.config
    before = list(config.html_static_path)
    isolated = _compat.isolated_config(config, "html_static_path")
    isolated.html_static_path.append("elsewhere")
    isolated.revealjs_style_theme = "moon"
    assert config.html_static_path == before
    assert config.revealjs_style_theme != "moon"
    assert isolated.project == config.project
    if hasattr(config, "_verbosity"):  # Sphinx 9: private state the builders read
        assert isolated.verbosity == config.verbosity


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_retarget_output_knows_every_output_folder_of_the_html_builder(app):
    outdir = Path(app.outdir)
    folders = {
        name
        for name, value in vars(app.builder).items()
        if name.endswith("_dir") and isinstance(value, Path) and value.parent == outdir
    }
    assert folders <= {name for name, _ in _compat._OUTPUT_FOLDERS}
    deck = AlongsideDeckBuilder(app, app.builder, outdir / "slides", [])
    for name in folders:
        assert getattr(deck, name).parent == outdir / "slides"


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_keep_page_assets_finds_the_html_builders_asset_lists(app):
    app.builder.prepare_writing(set())
    for name in ("_css_files", "_js_files", "_orig_css_files", "_orig_js_files"):
        assert isinstance(getattr(app.builder, name), list)
    _compat.keep_page_assets(app.builder, lambda filename: "doctools" not in filename)
    assert not any("doctools" in str(js.filename) for js in app.builder._js_files)


def test_sphinx_revealjs_still_says_it_is_not_read_safe():
    """The day sphinx-revealjs declares itself parallel-read-safe, drop our override."""

    class Recorder:
        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    metadata = sphinx_revealjs.setup(Recorder())
    assert metadata["parallel_read_safe"] is False


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_forget_read_doctrees_clears_what_a_second_build_would_reuse(app):
    app.build()
    env = app.env
    env.get_doctree("guide")
    assert env.master_doctree is not None  # a cached_property
    if sphinx.version_info >= (9,):
        assert isinstance(env._pickled_doctree_cache, dict) and env._pickled_doctree_cache
    _compat.forget_read_doctrees(env)
    assert "master_doctree" not in vars(env)
    assert not getattr(env, "_pickled_doctree_cache", {})


def test_forget_checksums_lets_sphinx_read_an_edited_asset_again(tmp_path):
    from sphinx.builders.html._assets import _file_checksum

    sheet = tmp_path / "a.css"
    sheet.write_text("a { color: red; }", "utf-8")
    first = _file_checksum(tmp_path, "a.css")
    sheet.write_text("a { color: blue; }", "utf-8")
    # Still the first file's: Sphinx keeps it for the process, hence the function.
    assert _file_checksum(tmp_path, "a.css") == first
    _compat.forget_checksums()
    assert _file_checksum(tmp_path, "a.css") not in ("", first)


def test_stylesheet_is_the_entry_sphinx_links_with_a_checksum():
    from sphinx.builders.html._assets import _CascadingStyleSheet

    sheet = _compat.stylesheet("_static/a.css")
    assert isinstance(sheet, _CascadingStyleSheet)
    assert sheet.filename == "_static/a.css"
    assert sheet.attributes == {"rel": "stylesheet", "type": "text/css"}


def test_static_files_kept_swaps_the_html_builders_static_copy_and_back():
    from sphinx.builders.html import StandaloneHTMLBuilder

    original = StandaloneHTMLBuilder.copy_static_files
    with _compat.static_files_kept():
        assert StandaloneHTMLBuilder.copy_static_files is not original
    assert StandaloneHTMLBuilder.copy_static_files is original


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_reading_scratch_is_sphinxs_per_document_space(app):
    scratch = _compat.reading_scratch(app.env)
    expected = app.env.current_document if sphinx.version_info >= (8, 2) else app.env.temp_data
    assert scratch is expected


@pytest.mark.parametrize(("language", "expected"), [("en", True), ("fr", False), ("de", False)])
def test_finds_translation_agrees_with_what_sphinx_locale_finds(
    make_app, sphinx_test_tempdir, rootdir, language, expected
):
    """The catalog test says what Sphinx's ``Locale`` then does with the document."""
    import shutil

    from sphinx.locale import init

    srcdir = sphinx_test_tempdir / f"finds-translation-{language}"
    if not srcdir.exists():
        shutil.copytree(rootdir / "test-i18n-example", srcdir)
    app = make_app("revealjs", srcdir=srcdir, freshenv=True, confoverrides={"language": language})
    app.build()
    env = app.env
    assert _compat.finds_translation(env, "lesson") is expected
    assert _compat.finds_translation(env, "index") is False  # no catalog for that page
    # What Locale calls finds a catalog exactly when the test says so ...
    dirs = [Path(env.srcdir) / folder for folder in env.config.locale_dirs]
    assert init(dirs, language, "lesson")[1] is expected
    # ... and the deck is translated exactly then.
    deck = (Path(app.outdir) / "lesson.html").read_text("utf-8")
    assert ("Good morning" in deck) is expected


@pytest.mark.sphinx("html", testroot="project", freshenv=True)
def test_myst_warning_in_names_the_file_and_line_given(app):
    """MyST's ``create_warning``, given a node, logs at it and makes its message from it."""
    from docutils import nodes
    from sphinx.util.docutils import new_document

    document = new_document(str(Path(app.srcdir) / "guide.md"))
    document.settings.env = app.env
    parent = nodes.paragraph()
    chapter = str(Path(app.srcdir) / "parts" / "chapter.md")
    made = _compat.myst_warning_in(
        document, chapter, "something odd", "directive_unknown", line=7, append_to=parent
    )
    assert isinstance(made, nodes.system_message)
    assert (made["source"], made["line"]) == (chapter, 7)
    assert list(parent.children) == [made]
    assert f"{chapter}:7: WARNING: something odd [myst.directive_unknown]" in app.warning.getvalue()


@pytest.mark.sphinx(
    "revealjs", testroot="i18n-example", freshenv=True, confoverrides={"language": "en"}
)
def test_catalog_message_is_what_the_loaded_catalog_translates(app):
    app.build()
    # Sphinx's Locale transform loaded the catalog while it read the course.
    assert _compat.catalog_message(app.env, "lesson", "Un cours bilingue") == "A bilingual course"
    assert _compat.catalog_message(app.env, "lesson", "No such message") == ""
    assert _compat.catalog_message(app.env, "index", "Un cours bilingue") == ""  # no catalog
