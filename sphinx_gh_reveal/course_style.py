"""A course's own look in its deck: ``stylesheet``, ``footer``, ``logo``, ``plugins``.

Front matter keys (types checked in :mod:`sphinx_gh_reveal.course`):

``stylesheet``
    A ``.css`` file, relative to the course's folder, inside the project
    (symbolic links resolved, as for ``include_relative``). Copied with the
    deck and linked from the deck only, after the theme.
``footer``
    A line of text at the bottom of every slide.
``logo``
    An image file, relative to the course's folder, shown in a corner of
    every slide; copied with the deck.
``plugins``
    More reveal.js plugins for this deck, by name (the names of
    ``gh_reveal_plugins``), added to the project's list.

A value that cannot be used is a located ``gh-reveal.front_matter`` warning
and is ignored; the rest of the front matter applies. Course pages are not
changed by these keys: they keep the project's theme.

Files go to ``_static/gh-reveal/course-files/<path in the project>`` of the
deck's output: :func:`copy_course_files_to` (called for the build's output
by the ``write-started`` listener, and for the decks written alongside),
before the decks are written: their links carry the file's checksum.
"""

from __future__ import annotations

import copy
import posixpath
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri
from sphinx_revealjs.contexts import RevealjsPlugin

from ._compat import stylesheet
from .assets import _copy_if_changed
from .chapters import resolves_inside
from .course import course_info
from .plugins import CDN_ONLY_PLUGINS as NOT_LOADED
from .plugins import PLUGINS
from .warnings_ import GhRevealWarnings, warn

#: Under an output folder's ``_static``.
OUT_FOLDER = "gh-reveal/course-files"
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


def check_course_style(env, docname: str, info) -> None:
    """Validate the keys of a read course (``CourseInfo``) in place, with located warnings."""
    location = (docname, 1)
    for key, suffixes in (("stylesheet", (".css",)), ("logo", _IMAGE_SUFFIXES)):
        value = getattr(info, key)
        if not value:
            continue
        path, problem = _project_file(env, docname, value, suffixes)
        if problem:
            warn(
                f"front matter '{key}: {value}' {problem}; it is ignored",
                GhRevealWarnings.FRONT_MATTER,
                location=location,
            )
            setattr(info, key, "")
        else:
            setattr(info, key, path)
            env.note_dependency(str(Path(env.srcdir) / path))
    known = []
    for name in info.plugins:
        if isinstance(name, str) and name in PLUGINS:
            if name not in known:
                known.append(name)
        else:
            warn(
                f"front matter 'plugins': unknown reveal.js plugin {name!r} "
                f"(known: {', '.join(sorted(PLUGINS))}); the others are kept",
                GhRevealWarnings.FRONT_MATTER,
                location=location,
            )
    info.plugins = known
    if "\n" in info.footer:
        info.footer = " ".join(info.footer.split())


def _project_file(env, docname: str, value: str, suffixes) -> tuple[str, str]:
    """``(path from the source folder, "")`` or ``("", why not)``."""
    if value.startswith("/") or "://" in value or "\\" in value:
        return "", "must be a relative path"
    path = posixpath.normpath(posixpath.join(posixpath.dirname(docname), value))
    if path.startswith("../") or path == "..":
        return "", "points outside the project"
    if not path.lower().endswith(suffixes):
        return "", f"must end with {' or '.join(suffixes)}"
    srcdir = Path(env.srcdir)
    if not (srcdir / path).is_file():
        return "", "names no file"
    if not resolves_inside(srcdir / path, srcdir):
        return "", "points outside the project through a symbolic link"
    return path, ""


def deck_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """``html-page-context`` of a deck: link the stylesheet, add the course's plugins."""
    if "revealjs" not in context:
        return
    info = course_info(app.env, pagename)
    if info is None:
        return
    if info.stylesheet:
        context["css_files"].append(stylesheet(f"_static/{OUT_FOLDER}/{info.stylesheet}"))
    extra = [n for n in info.plugins if n not in NOT_LOADED]
    if extra:
        project = context["revealjs"]
        present = {plugin.name for plugin in project.script_plugins}
        page = copy.copy(project)  # the builder's context is shared by every page
        page.script_plugins = [
            *project.script_plugins,
            *(
                RevealjsPlugin(f"_static/{PLUGINS[n][1]}", PLUGINS[n][0], "{}")
                for n in extra
                if PLUGINS[n][0] not in present
            ),
        ]
        context["revealjs"] = page


def slide_decorations(translator) -> str:
    """The footer and logo markup closing each slide of a course deck ("" if none)."""
    builder = translator.builder
    info = course_info(builder.env, builder.current_docname)
    if info is None:
        return ""
    parts = []
    if info.logo:
        src = relative_uri(
            builder.get_target_uri(builder.current_docname), f"_static/{OUT_FOLDER}/{info.logo}"
        )
        parts.append(f'<img class="ghr-logo" src="{translator.attval(src)}" alt="">')
    if info.footer:
        parts.append(f'<footer class="ghr-footer">{translator.encode(info.footer)}</footer>')
    return "".join(parts)


def copy_course_files(app: Sphinx, builder) -> None:
    """``write-started`` of a revealjs build: copy the courses' stylesheets and logos.

    Before the decks are written, so that each stylesheet's link carries its
    checksum. The decks written alongside an html build copy theirs in
    :meth:`~sphinx_gh_reveal.writers.alongside.AlongsideDeckBuilder.write_decks`.
    """
    from .transforms.deck import DECK_BUILDERS

    if builder.name in DECK_BUILDERS:
        copy_course_files_to(app, Path(builder.outdir))


def copy_course_files_to(app: Sphinx, outdir: Path) -> None:
    """Copy every course's stylesheet and logo under ``outdir/_static/gh-reveal/course-files``."""
    srcdir = Path(app.srcdir)
    for docname in sorted(app.env.found_docs):
        info = course_info(app.env, docname)
        for path in (info.stylesheet, info.logo) if info is not None else ():
            # Checked again: a link may have changed since the course was read.
            if path and (srcdir / path).is_file() and resolves_inside(srcdir / path, srcdir):
                _copy_if_changed(srcdir / path, outdir / "_static" / OUT_FOLDER / path)


def check_plugins(app: Sphinx, config) -> None:
    """``config-inited``: warn once per unknown name of ``gh_reveal_plugins``, keep the others."""
    value = config.gh_reveal_plugins
    if not isinstance(value, (list, tuple)):
        return  # the option table's check reports it
    kept = []
    for name in value:
        if isinstance(name, str) and name in PLUGINS:
            kept.append(name)
        else:
            warn(
                f"gh_reveal_plugins: unknown reveal.js plugin {name!r} "
                f"(known: {', '.join(sorted(PLUGINS))}); the others are kept",
                GhRevealWarnings.CONFIG,
            )
    config.gh_reveal_plugins = kept


def setup_course_style(app: Sphinx) -> None:
    # Before the option table's check (400), which would drop the whole list.
    app.connect("config-inited", check_plugins, priority=390)
    app.connect("html-page-context", deck_page_context, priority=600)
    app.connect("write-started", copy_course_files)
