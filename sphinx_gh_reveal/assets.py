"""Static files a course needs: Font Awesome, reveal.js plugins, our CSS.

Font Awesome comes from the ``fontawesomefree`` wheel and is copied into the
output, so icons render offline. Only what a page uses is copied (two
stylesheets and the ``woff2`` fonts, about 430 KB, not the 25 MB wheel).
Stylesheets are linked from course pages only: other pages are unchanged.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.application import Sphinx
from sphinx_revealjs.contexts import RevealjsPlugin, RevealjsProjectContext

from ._compat import stylesheet
from .config import settings_of
from .course import is_course
from .plugins import CDN_ONLY_PLUGINS, PLUGINS
from .transforms.slides import course_sections

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder

STATIC = Path(__file__).parent / "static"
OUT_FOLDER = "gh-reveal"
#: Stylesheets of a course page, relative to the output's ``_static``.
FONT_AWESOME_CSS = (
    f"{OUT_FOLDER}/fontawesome/css/all.min.css",
    f"{OUT_FOLDER}/fontawesome/css/v4-shims.min.css",
)


def font_awesome_root() -> Path:
    """The ``fontawesomefree`` static folder (``css/`` and ``webfonts/``)."""
    import fontawesomefree

    return Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree"


def courses_on_page(app: Sphinx, pagename: str, doctree) -> list[str]:
    """The courses a page shows: its own document, or every course singlehtml's one page holds."""
    if is_course(app.env, pagename):
        return [pagename]
    if app.builder.name == "singlehtml" and doctree is not None:
        return [course["ghr_docname"] for course in course_sections(doctree)]
    return []


def deck_plugins(base: RevealjsProjectContext, config) -> RevealjsProjectContext:
    """A copy of the project's reveal.js context, with ``gh_reveal_plugins`` turned on.

    They go after the project's ``revealjs_script_plugins``; the project's
    own decks, and its config, are left as written.
    """
    context = copy.copy(base)
    context.script_plugins = list(base.script_plugins)
    present = {plugin.name for plugin in context.script_plugins}
    for name in settings_of(config).plugins:
        if name in CDN_ONLY_PLUGINS:
            continue
        global_name, script = PLUGINS[name]
        if global_name not in present:
            context.script_plugins.append(RevealjsPlugin(f"_static/{script}", global_name, "{}"))
    return context


#: Template variables of the html page layout that a deck must not have:
#: its prev/next ``<link>``s point at pages, not at slides.
_PAGE_LINKS = ("prev", "next", "parents", "rellinks")


def link_course_styles(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Link the icon and gh-reveal stylesheets from course pages only."""
    if app.builder.format != "html" or not courses_on_page(app, pagename, doctree):
        return
    sheets = [*FONT_AWESOME_CSS, f"{OUT_FOLDER}/gh-reveal.css"]
    # A deck page, from a revealjs builder or written alongside an html build.
    if "revealjs" in context:
        context["revealjs"] = deck_plugins(context["revealjs"], app.config)
        for name in _PAGE_LINKS:
            context.pop(name, None)
        settings = settings_of(app.config)
        if "highlight" in settings.plugins:
            sheets.append(f"revealjs/plugin/highlight/{settings.highlight_style}.css")
        # sphinx-revealjs renders from its own copy of the list: extend that.
        context["css_files"].extend(stylesheet(f"_static/{sheet}") for sheet in sheets)
    else:
        # The builder's own methods add to this page only. ``app.add_css_file``
        # would also add to the registry, from which the next build in the
        # same process (the preview's) would link them from every page.
        builder = cast("StandaloneHTMLBuilder", app.builder)
        for sheet in sheets:
            builder.add_css_file(sheet)
        builder.add_js_file(f"{OUT_FOLDER}/gh-reveal.js")


def copy_static(app: Sphinx, builder) -> None:
    """``write-started``: copy Font Awesome and our CSS under ``_static/gh-reveal``.

    Only when the project has courses; before the pages are written, as
    Sphinx copies its own static files, so that their links carry a checksum.
    """
    if builder.format != "html":
        return
    if not any(is_course(app.env, docname) for docname in app.env.found_docs):
        return
    # An epub may hold only the font types it knows (Sphinx's list has no
    # WOFF2): Font Awesome's stylesheet falls back on its TrueType fonts.
    fonts = "ttf" if builder.name.startswith("epub") else "woff2"
    copy_assets_to(Path(app.outdir), fonts=fonts)


def copy_assets_to(outdir: Path, fonts: str = "woff2") -> None:
    """Copy Font Awesome (its ``fonts``) and our static files under ``outdir/_static/gh-reveal``."""
    out = outdir / "_static" / OUT_FOLDER
    source = font_awesome_root()
    for sheet in ("all.min.css", "v4-shims.min.css"):
        _copy_if_changed(source / "css" / sheet, out / "fontawesome" / "css" / sheet)
    for font in sorted((source / "webfonts").glob(f"*.{fonts}")):
        _copy_if_changed(font, out / "fontawesome" / "webfonts" / font.name)
    for asset in sorted(STATIC.iterdir()):
        if asset.is_file():
            _copy_if_changed(asset, out / asset.name)


def _copy_if_changed(source: Path, target: Path) -> None:
    """Copy, keeping the target untouched (and its mtime) when it is the same."""
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
