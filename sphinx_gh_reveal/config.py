"""The ``gh_reveal_*`` options: each declared once, checked once, read typed.

Every option has a type, a default, a rebuild flag and a check. A bad value
is a ``gh-reveal.config`` warning and the default is used instead; the
build goes on. The table is what the configuration reference documents
(``tests/test_config.py`` holds the two together).

Code reads the checked values through :func:`settings_of`, a frozen
:class:`Settings`, never ``config.gh_reveal_*``: it is computed once per
build, after the check, and cached per ``Config`` object rather than stored
in the environment, so nothing extra is pickled.
"""

from __future__ import annotations

import posixpath
import weakref
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config

from .plugins import PLUGINS
from .warnings_ import GhRevealWarnings, warn


@dataclass(frozen=True)
class Option:
    """One ``gh_reveal_<name>`` option."""

    name: str
    default: Any
    rebuild: Literal["", "env", "html"]  # what a change rebuilds (Sphinx's add_config_value)
    check: Callable[[Any], bool]
    expected: str


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _is_folder_name(value: Any) -> bool:
    """A folder under the output folder, never the output folder itself (``.``, ``a/..``)."""
    return (
        isinstance(value, str)
        and not value.startswith("/")
        and ".." not in value.split("/")
        and "\\" not in value
        and posixpath.normpath(value.strip("/") or ".") != "."
    )


def _is_plugin_list(value: Any) -> bool:
    # Unknown names were already dropped, one warning each (course_style.check_plugins).
    return _is_str_list(value) and all(v in PLUGINS for v in value)


OPTIONS = (
    Option("courses", (), "env", _is_str_list, "a list of glob patterns of document names"),
    Option("markers_in_code", True, "env", _is_bool, "True or False"),
    Option("allow_unsafe_attributes", False, "env", _is_bool, "True or False"),
    Option("image_lightbox", True, "html", _is_bool, "True or False"),
    Option(
        "plugins",
        ("notes", "highlight", "zoom"),
        "html",
        _is_plugin_list,
        f"a list taken from {sorted(PLUGINS)}",
    ),
    Option("slides_alongside", True, "html", _is_bool, "True or False"),
    Option(
        "slides_dir", "slides", "html", _is_folder_name, "a relative folder name such as 'slides'"
    ),
    Option("single_file", False, "", _is_bool, "True or False"),
    Option(
        "handout_notes",
        "collapsed",
        "html",
        lambda v: v in ("collapsed", "admonition", "hidden"),
        "'collapsed', 'admonition' or 'hidden'",
    ),
    Option("show_drafts", False, "html", _is_bool, "True or False"),
    Option("dollar_math", True, "env", _is_bool, "True or False"),
    Option(
        "highlight_style",
        "monokai",
        "html",
        lambda v: v in ("monokai", "zenburn"),
        "'monokai' or 'zenburn'",
    ),
    Option("chapter_cache", False, "", _is_bool, "True or False"),
)


@dataclass(frozen=True)
class Settings:
    """The checked ``gh_reveal_*`` values of a build, one field per option of :data:`OPTIONS`."""

    courses: tuple[str, ...]
    markers_in_code: bool
    allow_unsafe_attributes: bool
    image_lightbox: bool
    plugins: tuple[str, ...]
    slides_alongside: bool
    slides_dir: str
    single_file: bool
    handout_notes: str
    show_drafts: bool
    dollar_math: bool
    highlight_style: str
    chapter_cache: bool

    @property
    def slides_folder(self) -> str:
        """``slides_dir`` as a path relative to the output folder (no slashes around it)."""
        return posixpath.normpath(self.slides_dir.strip("/"))

    @classmethod
    def from_config(cls, config: Config) -> Settings:
        """Read the (checked) values of ``config``; lists become tuples."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = getattr(config, f"gh_reveal_{item.name}")
            values[item.name] = tuple(value) if isinstance(value, (list, tuple)) else value
        return cls(**values)


_SETTINGS: weakref.WeakKeyDictionary[Config, Settings] = weakref.WeakKeyDictionary()


def settings_of(config: Config) -> Settings:
    """The build's :class:`Settings` (``app.config`` or ``env.config``), read once."""
    settings = _SETTINGS.get(config)
    if settings is None:
        settings = _SETTINGS[config] = Settings.from_config(config)
    return settings


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
    # Right after the check: the typed values every stage reads.
    app.connect("config-inited", read_settings, priority=401)


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


def read_settings(app: Sphinx, config: Config) -> None:
    """``config-inited``: (re)compute the build's :class:`Settings` from the checked values."""
    _SETTINGS[config] = Settings.from_config(config)


def set_option(config: Config, name: str, value: Any) -> bool:
    """Set ``gh_reveal_<name>`` after ``config-inited``, for a tool driving the app.

    Returns False, changing nothing, when the project does not load the
    extension (there is no such option). Unlike a ``confoverrides`` entry,
    this says nothing about projects without it.
    """
    key = f"gh_reveal_{name}"
    if key not in config:
        return False
    setattr(config, key, value)
    _SETTINGS[config] = Settings.from_config(config)
    return True
