"""The ``gh_reveal_*`` options: each declared once, checked once.

Every option has a type, a default, a rebuild flag and a check. A bad value
is a ``gh-reveal.config`` warning and the default is used instead; the
build goes on. The table is what the configuration reference documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sphinx.application import Sphinx
from sphinx.config import Config

from .plugins import PLUGINS
from .warnings_ import GhRevealWarnings, warn


@dataclass(frozen=True)
class Option:
    """One ``gh_reveal_<name>`` option."""

    name: str
    default: Any
    rebuild: str
    check: Callable[[Any], bool]
    expected: str
    help: str


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _is_folder_name(value: Any) -> bool:
    return (
        isinstance(value, str)
        and bool(value.strip("/"))
        and not value.startswith("/")
        and ".." not in value.split("/")
        and "\\" not in value
    )


def _is_plugin_list(value: Any) -> bool:
    # Unknown names were already dropped, one warning each (course_style.check_plugins).
    return _is_str_list(value) and all(v in PLUGINS for v in value)


OPTIONS = (
    Option("courses", (), "env", _is_str_list, "a list of glob patterns of document names",
           "Documents that are courses even without markers (e.g. ['courses/*'])."),
    Option("markers_in_code", True, "env", _is_bool, "True or False",
           "Markers inside code take effect, as in the original; False keeps them as text."),
    Option("allow_unsafe_attributes", False, "env", _is_bool, "True or False",
           "Let markers set on* event handlers and javascript: URLs."),
    Option("image_lightbox", True, "html", _is_bool, "True or False",
           "In decks, a click on an image opens it full screen."),
    Option("plugins", ("notes", "highlight", "zoom"), "html", _is_plugin_list,
           f"a list taken from {sorted(PLUGINS)}",
           "reveal.js plugins turned on in every deck."),
    Option("slides_alongside", True, "html", _is_bool, "True or False",
           "html builds also write each course's deck, under gh_reveal_slides_dir."),
    Option("slides_dir", "slides", "html", _is_folder_name, "a relative folder name such as 'slides'",
           "Folder of the html output that holds the decks."),
    Option("single_file", False, "", _is_bool, "True or False",
           "Also write each course's deck as one self-contained <course>.single.html."),
    Option("handout_notes", "collapsed", "html",
           lambda v: v in ("collapsed", "admonition", "hidden"), "'collapsed', 'admonition' or 'hidden'",
           "How course pages show speaker notes."),
    Option("show_drafts", False, "html", _is_bool, "True or False",
           "The courses index lists courses with 'draft: true' (marked as drafts)."),
    Option("dollar_math", True, "env", _is_bool, "True or False",
           "Courses read $...$ and $$...$$ as math (MyST dollarmath), as kramdown read $$...$$."),
    Option("highlight_style", "monokai", "html",
           lambda v: v in ("monokai", "zenburn"), "'monokai' or 'zenburn'",
           "highlight.js colours for code in decks."),
)


def setup_config(app: Sphinx) -> None:
    """Register every option, and check them as soon as the config is read."""
    for option in OPTIONS:
        # Lists may be written as lists or tuples; other types come from the default.
        types = (list, tuple) if isinstance(option.default, (list, tuple)) else ()
        app.add_config_value(
            f"gh_reveal_{option.name}", option.default, option.rebuild, types=types
        )
    # Early, so that every other config-inited listener reads checked values.
    app.connect("config-inited", check_config, priority=400)


def check_config(app: Sphinx, config: Config) -> None:
    """Replace each bad value by its default, with a warning naming what is expected."""
    for option in OPTIONS:
        key = f"gh_reveal_{option.name}"
        value = getattr(config, key)
        if not option.check(value):
            warn(
                f"{key} = {value!r} is not valid: expected {option.expected}; "
                f"using the default {option.default!r}",
                GhRevealWarnings.CONFIG,
            )
            setattr(config, key, option.default)
