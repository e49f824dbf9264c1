"""Math in courses, typeset by a MathJax that ships with the package.

Sphinx writes a formula as TeX between ``\\(``/``\\)`` or ``\\[``/``\\]``
and loads MathJax from a CDN (``mathjax_path``). On course pages and decks
that script is swapped for MathJax 3 (SVG output) copied from the
``django-static-mathjax`` wheel, so a formula is typeset with no network:

* :func:`use_offline_mathjax` (``html-page-context``, after Sphinx's own
  mathjax listener) changes the scripts of course pages and decks that hold
  math; every other page of the project keeps Sphinx's ``mathjax_path``.
* :func:`copy_mathjax_to` copies the engine into an output folder; the
  ``build-finished`` listener :func:`copy_mathjax` calls it for the build's
  output and for the decks written alongside (``gh_reveal_slides_dir``).
  A deck writer that writes decks elsewhere calls ``copy_mathjax_to(folder)``
  on its output folder.

Why MathJax with SVG output: it reads the TeX that teachers write
(``aligned``, ``cases``, matrices, ``\\text``) as LaTeX does; its SVG output
needs no web fonts, so a deck prints (``?print-pdf``) with every formula in
place and looks the same in every browser. Server-side MathML
(``latex2mathml`` 3.81) was tried and rejected: it writes ``&`` of an
``aligned`` derivation as a visible character and drops the alignment.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .assets import _copy_if_changed, courses_on_page
from .config import settings_of
from .course import METADATA_KEY, course_info

#: Where the engine lands, under an output folder's ``_static``.
OUT_FOLDER = "gh-reveal/mathjax"
#: The MathJax component a page loads: TeX in, SVG out, the menu, and every
#: TeX extension built in, so that no formula makes it fetch a file (a deck
#: bundled in one file has none beside it).
COMPONENT = "tex-svg-full.js"
#: The configuration script, run before the component (see static/).
CONFIG_SCRIPT = "gh-reveal/gh-reveal-mathjax.js"


def mathjax_root() -> Path:
    """MathJax 3's ``es5`` folder in the ``django-static-mathjax`` wheel."""
    import mathjax  # the import name of django-static-mathjax

    # A namespace package in some releases (no __init__.py): its __path__, not __file__.
    return Path(next(iter(mathjax.__path__))) / "static" / "mathjax" / "es5"


def engine_files() -> list[Path]:
    """The files a page needs, relative to :func:`mathjax_root` (about 3 MB).

    The component itself, the TeX extensions its ``autoload`` fetches on
    first use (``\\cancel``, ``\\ce``...), and the menu's lazily loaded part.
    """
    root = mathjax_root()
    files = [Path(COMPONENT)]
    for folder in ("input/tex/extensions", "ui"):
        files.extend(sorted(p.relative_to(root) for p in (root / folder).rglob("*.js")))
    return files


def note_math(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record in the course's metadata that it holds math."""
    env = app.env
    info = course_info(env, env.docname)
    if info is None:
        return
    # One walk per class: docutils walks fast for a class, slowly for a function.
    info.has_math = any(
        next(doctree.findall(kind), None) is not None for kind in (nodes.math, nodes.math_block)
    )
    env.metadata[env.docname][METADATA_KEY] = info.as_dict()


def courses_have_math(app: Sphinx) -> bool:
    """Whether any course of the project holds a formula."""
    return any(
        info.has_math
        for info in (course_info(app.env, docname) for docname in sorted(app.env.found_docs))
        if info is not None
    )


def use_offline_mathjax(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """``html-page-context``: on a course page or deck with math, load the bundled MathJax.

    Sphinx's listener (priority 500) has put ``mathjax_path`` (a CDN by
    default) in the page's scripts; this one runs after it, takes that
    script out and adds the configuration and the bundled component. Decks
    written alongside an html build get their scripts here too: their page
    context comes from the deck builder, which Sphinx's listener does not see.
    """
    if app.builder.format != "html":
        return
    courses = courses_on_page(app, pagename, doctree)
    if not courses:
        return
    if getattr(app.builder, "math_renderer_name", None) != "mathjax":
        return  # the project chose another renderer (imgmath, katex...): leave it
    scripts = context.get("script_files")
    if scripts is None:
        return
    cdn = str(app.config.mathjax_path)
    # Sphinx stores "_static/<path>" for a relative mathjax_path, the URL otherwise.
    kept = [js for js in scripts if str(getattr(js, "filename", js)) not in (cdn, f"_static/{cdn}")]
    scripts[:] = kept  # even without math (html_assets_policy = "always")
    # Sphinx 9 tells the page's templates; Sphinx 8 does not: the course's own note.
    infos = [course_info(app.env, docname) for docname in courses]
    if not (context.get("has_maths_elements") or any(i is not None and i.has_math for i in infos)):
        return
    for script in (f"_static/{CONFIG_SCRIPT}", f"_static/{OUT_FOLDER}/{COMPONENT}"):
        if script not in scripts:
            scripts.append(script)


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (after the decks alongside): copy the engine where it is used."""
    if exception is not None or app.builder.format != "html" or not courses_have_math(app):
        return
    outdir = Path(app.outdir)
    copy_mathjax_to(outdir)
    settings = settings_of(app.config)
    alongside = outdir / settings.slides_folder
    if settings.slides_alongside and (alongside / "_static").is_dir():
        copy_mathjax_to(alongside)


def copy_mathjax_to(outdir: Path) -> None:
    """Copy the engine under ``outdir/_static/gh-reveal/mathjax`` (unchanged files kept)."""
    root = mathjax_root()
    target = outdir / "_static" / OUT_FOLDER
    for relative in engine_files():
        _copy_if_changed(root / relative, target / relative)


def setup_offline_math(app: Sphinx) -> None:
    """Connect the listeners (the deck writer needs nothing else)."""
    app.connect("doctree-read", note_math)
    app.connect("html-page-context", use_offline_mathjax, priority=600)
    # After write_decks_alongside (priority 500), so the slides folder exists.
    app.connect("build-finished", copy_mathjax, priority=600)


def with_dollar_math(myst_config, enabled: bool):
    """A course's MyST config with ``dollarmath`` on, set for course text.

    kramdown read ``$$...$$`` as math, so courses get ``$...$`` (inline),
    ``$$...$$`` inside a paragraph (inline, as kramdown did) and ``$$...$$``
    on its own lines (displayed) without configuration. A ``$`` next to a
    digit or a space is text, so ``it costs $5, or $10 with tax`` and a
    shell's ``$ ls`` stay as written. ``gh_reveal_dollar_math = False``
    leaves the project's MyST settings untouched.
    """
    if not enabled or "dollarmath" in myst_config.enable_extensions:
        return myst_config
    import dataclasses

    return dataclasses.replace(
        myst_config,
        enable_extensions={*myst_config.enable_extensions, "dollarmath"},
        dmath_allow_space=False,
        dmath_allow_digits=False,
        dmath_double_inline=True,
    )
