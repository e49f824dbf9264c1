"""Every reach into another package's internals, in one place.

Each function below depends on something Sphinx, myst-parser or
sphinx-revealjs does not promise to keep. Each says which versions it was
checked against, and ``tests/test_compat.py`` fails when the internal it
relies on changes shape, so that an upgrade is noticed in the test suite and
not by a user.

Checked against Sphinx 8.1, 9.0, 9.1 and 9.2; myst-parser 5.2;
sphinx-revealjs 3.2.1.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from myst_parser.warnings_ import MystWarnings
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.events import EventManager


@contextmanager
def acting_builder(app: Sphinx, builder: Builder) -> Iterator[None]:
    """Let ``builder`` be *the* builder of the build for the ``with`` block.

    A deck written alongside an html build must be resolved and written as a
    revealjs build would: Sphinx's reference resolver asks ``app.builder``
    for every link (Sphinx 8.1 to 9.2), and post-transforms choose whether
    to run from ``env._builder_cls`` (Sphinx 9, private) or ``app.builder``
    (Sphinx 8). Both are put back when the block ends, also on error.
    """
    env = app.env
    saved_builder = app.builder
    has_cls = hasattr(env, "_builder_cls")
    app.builder = builder
    if has_cls:
        saved_cls = env._builder_cls
        env._builder_cls = type(builder)
    try:
        yield
    finally:
        app.builder = saved_builder
        if has_cls:
            env._builder_cls = saved_cls


@contextmanager
def listeners_only(
    events: EventManager, event: str, keep: Callable[[Callable[..., Any]], bool]
) -> Iterator[None]:
    """Inside the block, ``event`` reaches only the listeners ``keep`` accepts.

    Sphinx has no public way to emit an event to some listeners only, and the
    html builder emits ``html-page-context`` through ``app.emit_firstresult``
    (Sphinx 8) or its ``events`` (Sphinx 9), both the application's
    ``EventManager``. That keeps its listeners in ``listeners``, a name ->
    list of ``EventListener(id, handler, priority)`` mapping (Sphinx 7.3 to
    9.2). The full list is back when the block ends, also on error.
    """
    saved = events.listeners[event]
    events.listeners[event] = [listener for listener in saved if keep(listener.handler)]
    try:
        yield
    finally:
        events.listeners[event] = saved


@contextmanager
def warnings_suppressed(app: Sphinx, *types: str) -> Iterator[None]:
    """Within the block, the warnings of ``types`` are dropped as ``suppress_warnings`` drops them.

    Sphinx's ``WarningSuppressor`` (``sphinx.util.logging``) reads
    ``app.config.suppress_warnings`` at every record (Sphinx 7 to 9.2), so
    extending that list for a while silences those types for that while;
    the project's list is back when the block ends, also on error.
    """
    saved = app.config.suppress_warnings
    app.config.suppress_warnings = [*saved, *types]
    try:
        yield
    finally:
        app.config.suppress_warnings = saved


def isolated_config(config: Config, *names: str) -> Config:
    """A copy of ``config`` whose ``names`` (lists) can be changed freely.

    sphinx-revealjs 3.2's builder ``init()`` appends to
    ``revealjs_static_path`` and replaces ``html_static_path`` with it. On the
    project's own config, that is a "changed configuration" at the next
    build, so every page would be read and written again, and an html build
    writing decks alongside would lose its own static path. Sphinx's
    ``Config`` keeps read values and its own state in its ``__dict__``
    (Sphinx 7 to 9.2), so a copy of that with fresh lists is enough.
    """
    isolated = object.__new__(type(config))
    # Not copy.copy(): Config pickles through __getstate__, which drops its
    # private state (``_verbosity``, overrides) and freezes the options.
    isolated.__dict__.update(config.__dict__)
    for name in names:
        setattr(isolated, name, list(getattr(config, name)))
    return isolated


def retarget_output(builder: Builder, outdir: Path) -> None:
    """Make a builder write into ``outdir`` instead of the build's output folder.

    A builder takes its output folder from ``app.outdir`` when it is made;
    Sphinx 9's html builder also derives ``_static_dir``, ``_sources_dir``,
    ``_downloads_dir`` and ``_images_dir`` from it in ``__init__`` (Sphinx 8
    computes them where they are used).
    """
    builder.outdir = type(builder.outdir)(outdir)
    for attribute, folder in _OUTPUT_FOLDERS:
        if hasattr(builder, attribute):
            setattr(builder, attribute, Path(outdir) / folder)


_OUTPUT_FOLDERS = (
    ("_static_dir", "_static"),
    ("_sources_dir", "_sources"),
    ("_downloads_dir", "_downloads"),
    ("_images_dir", "_images"),
)


def keep_page_assets(builder: Builder, keep: Callable[[str], bool]) -> None:
    """Drop the stylesheets and scripts of an html builder whose file ``keep`` refuses.

    The html builder gathers every asset ever registered with
    ``app.add_css_file``/``add_js_file`` in ``prepare_writing`` (the html
    theme's and other extensions' too) into ``_css_files``/``_js_files`` and
    their per-page backups ``_orig_css_files``/``_orig_js_files`` (Sphinx 8.1
    to 9.2).
    """
    for name in ("_css_files", "_js_files", "_orig_css_files", "_orig_js_files"):
        assets = getattr(builder, name)
        assets[:] = [asset for asset in assets if keep(os.fspath(asset.filename or ""))]


def declare_revealjs_parallel_safe(app: Sphinx) -> None:
    """Let ``-j`` work although sphinx-revealjs says it is not read-safe.

    sphinx-revealjs 3.2 declares ``parallel_read_safe: False``, which makes
    Sphinx refuse parallel reading (and ``-W -j`` fail) for any project that
    loads it. Its read phase only runs directives that build nodes: it keeps
    no state in the environment. Its per-page state lives on the builder at
    write time, and the deck builders reset it for every page. Sphinx keeps
    the metadata in ``app.extensions[name].parallel_read_safe``.
    """
    extension = app.extensions.get("sphinx_revealjs")
    if extension is not None:
        extension.parallel_read_safe = True


def forget_read_doctrees(env) -> None:
    """Drop the environment's in-memory doctrees before a build.

    Two caches of ``BuildEnvironment`` outlive a build in the same process,
    and nothing clears them when a document is read again (a new process
    starts without them):

    * ``_pickled_doctree_cache`` keeps each doctree file's bytes once read:
      a second ``app.build()`` would write the decks alongside from the
      doctree of the first (Sphinx's own ``SphinxTestApp.build`` clears it
      the same way);
    * ``master_doctree``, a ``functools.cached_property``, keeps the root
      document's doctree, whose toctrees make every page's sidebar: after a
      page is deleted, they would still list it.

    Both are private (checked with Sphinx 9.0.4); when they are
    not there, nothing is done.
    """
    cache = getattr(env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.clear()
    vars(env).pop("master_doctree", None)


def forget_checksums() -> None:
    """Let the next build of this process read the assets' checksums again.

    The html builder links each stylesheet and script with ``?v=`` and the
    CRC of its file, which ``sphinx.builders.html._assets._file_checksum_inner``
    keeps for the life of the process (``functools.cache``, Sphinx 8.1 to
    9.2): in a warm process, an edited stylesheet would keep the checksum
    of its first version. Nothing is done when the function is not there.
    """
    from sphinx.builders.html import _assets

    checksum = getattr(_assets, "_file_checksum_inner", None)
    if checksum is not None and hasattr(checksum, "cache_clear"):
        checksum.cache_clear()


def stylesheet(filename: str) -> Any:
    """A ``css_files`` entry of a page that Sphinx links with its checksum.

    The html layout links an entry with ``?v=<checksum>`` when it is Sphinx's
    own ``_CascadingStyleSheet`` (``sphinx.builders.html._assets``, Sphinx
    8.1 to 9.2), and a plain string as written. A deck's list is a copy that
    sphinx-revealjs makes before ``html-page-context``, so the builder's
    ``add_css_file`` cannot add to it.
    """
    from sphinx.builders.html._assets import _CascadingStyleSheet

    return _CascadingStyleSheet(filename, priority=500, rel="stylesheet", type="text/css")


@contextmanager
def static_files_kept():
    """While a rebuild runs, html builders leave an existing ``_static`` as it is.

    ``StandaloneHTMLBuilder.copy_static_files`` runs at every build, for the
    pages and again for the decks written alongside: it compares every file
    of the theme and of reveal.js (5.5 MB) byte for byte with its copy and
    renders the static templates (``basic.css_t``, ...) anew. After an edit
    of sources only, the copies are those of the last build already. The
    method is swapped in this process only and only during the build; a
    builder whose ``_static`` does not exist yet (the first deck written
    alongside, say) still copies.
    """
    from sphinx.builders.html import StandaloneHTMLBuilder  # imported late: builders load slowly

    original = StandaloneHTMLBuilder.copy_static_files

    def copy_static_files(builder: StandaloneHTMLBuilder) -> None:
        if not (Path(builder.outdir) / "_static").is_dir():
            original(builder)

    # Swapping the method for the build is the point (see above); mypy also reads
    # the class attribute's type with a second self.
    StandaloneHTMLBuilder.copy_static_files = copy_static_files  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        StandaloneHTMLBuilder.copy_static_files = original  # type: ignore[method-assign]


def reading_scratch(env: BuildEnvironment) -> Any:
    """Per-document scratch space, cleared by Sphinx before each document.

    ``env.current_document`` (Sphinx 8.2 and later), ``env.temp_data`` before.
    """
    current = getattr(env, "current_document", None)  # Sphinx >= 8.2
    return current if current is not None else env.temp_data


def finds_translation(env: BuildEnvironment, docname: str) -> bool:
    """Whether Sphinx's ``Locale`` transform will translate ``docname`` in this build.

    ``Locale`` (``sphinx/transforms/i18n.py``, Sphinx 8.1 to 9.2) returns at
    once unless ``sphinx.locale.init`` finds a catalog: one already loaded
    for the document's text domain, or a ``.mo`` file for ``language`` in one
    of ``locale_dirs`` (as :func:`gettext.translation` looks for it).
    ``init`` itself is not called here: each call chains the catalogs it
    finds once more onto the loaded one.
    """
    import gettext

    from sphinx.locale import NullTranslations, translators
    from sphinx.util.i18n import docname_to_domain

    config = env.config
    domain = docname_to_domain(docname, config.gettext_compact)
    loaded = translators.get(("general", domain))
    if loaded is not None and loaded.__class__ is not NullTranslations:
        return True
    languages = [config.language] if config.language else None
    srcdir = Path(env.srcdir)
    return any(
        gettext.find(domain, localedir=srcdir / folder, languages=languages)
        for folder in config.locale_dirs
    )


def myst_warning_in(
    document: nodes.document,
    source: str,
    message: str,
    subtype: MystWarnings | str,
    *,
    wtype: str | None = None,
    line: int | None = None,
    append_to: nodes.Element | None = None,
) -> nodes.system_message | None:
    """MyST's warning for ``line`` of the file ``source``, not of the document being read.

    ``create_warning`` (``myst_parser/warnings_.py``, checked with
    myst-parser 5.2.0 and Sphinx 8.1 to 9.2) logs a warning given a line at
    ``(env.docname, line)``, which Sphinx prints as the page's file: while
    an included file is rendered, that names the page with the included
    file's line. Given a ``node`` instead, it logs at the node, which
    Sphinx prints as the node's ``source:line``, and makes the
    ``system_message`` from the node's source and line too; an empty node
    carrying ``source`` and ``line`` is that node.
    """
    from docutils.nodes import Element
    from myst_parser.warnings_ import create_warning

    anchor = Element()
    anchor.source, anchor.line = source, line
    return create_warning(document, message, subtype, wtype=wtype, node=anchor, append_to=append_to)


def catalog_message(env: BuildEnvironment, docname: str, msgid: str) -> str:
    """What the catalog Sphinx loaded for ``docname`` translates ``msgid`` to; ``""`` if nothing.

    Sphinx's ``Locale`` transform loads a document's catalogs with
    ``sphinx.locale.init``, which keeps them in ``sphinx.locale.translators``
    under ``("general", text domain)``: the first found, the others of
    ``locale_dirs`` as its fallbacks (Sphinx 8.1 to 9.2). ``Locale`` merges
    them, the first one winning, as :meth:`gettext.GNUTranslations.gettext`
    looks them up.
    """
    from sphinx.locale import NullTranslations, translators
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(docname, env.config.gettext_compact)
    catalog = translators.get(("general", domain))
    if catalog is None or catalog.__class__ is NullTranslations:
        return ""
    found = catalog.gettext(msgid)
    return "" if found == msgid else found
