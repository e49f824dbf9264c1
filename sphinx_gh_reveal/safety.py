"""What a marker or the front matter may put into a page or a deck.

A value the author wrote in a marker or in the front matter is data: it must
never become markup or script, whatever reveal.js later does with it. The
HTML writers escape every attribute value; this module covers the rest,
what reveal.js and its plugins do with values *after* the page is loaded
(checked against reveal.js 5.2.1 and its plugins, as shipped by
sphinx-revealjs 3.2):

* ``data-notes`` is put into ``innerHTML`` (the notes of ``showNotes`` and
  of the print view, the speaker window): its value is escaped once more,
  so that it shows as the text written;
* ``href`` and ``data-preview-link`` are pasted into an ``innerHTML``
  template by the link preview (``previewIframe``): ``"``, ``'``, ``<``,
  ``>`` and ````` are percent-encoded, as in any URL;
* ``data-markdown`` makes the markdown plugin load a file and insert it as
  HTML, and ``srcdoc`` is a whole HTML document: both are refused;
* ``data:`` URLs other than raster images can carry HTML or script (in an
  iframe, a link, a preview): refused in every attribute;
* in ``initialization``, the options that load code (``dependencies``, the
  speaker view's ``url``, the math plugin's script locations) are refused.

Event handlers (``on*``) and ``javascript:``/``vbscript:`` URLs are refused
too. Everything refused is allowed with ``gh_reveal_allow_unsafe_attributes``.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

#: What a browser ignores in a URL: C0 controls and spaces before it, tabs and newlines anywhere.
_URL_NOISE = re.compile(r"\A[\x00-\x20]+|[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SCRIPT_SCHEMES = ("javascript", "vbscript")
#: ``data:`` URLs a browser can only show as a picture (markdown-it's own list).
_SAFE_DATA = re.compile(r"image/(?:gif|png|jpeg|webp)[;,]", re.IGNORECASE)

#: Attributes whose value reveal.js writes as HTML: escaped once more.
HTML_VALUED = frozenset({"data-notes"})
#: Attributes whose value is HTML or loads HTML.
REFUSED_NAMES = frozenset({"srcdoc", "data-markdown"})
#: Attributes reveal.js's link preview pastes into an HTML template.
PREVIEW_URLS = frozenset({"href", "data-preview-link"})
_PREVIEW_ENCODE = {'"': "%22", "'": "%27", "<": "%3C", ">": "%3E", "`": "%60"}


def url_scheme(value: str) -> str:
    """The scheme a browser reads at the start of ``value``, lowercased ('' if none)."""
    match = _SCHEME.match(_URL_NOISE.sub("", value))
    return match.group(1).lower() if match else ""


def is_script_url(value: str) -> bool:
    """Whether a browser would run ``value`` as script."""
    return url_scheme(value) in _SCRIPT_SCHEMES


def is_unsafe_data_url(value: str) -> bool:
    """A ``data:`` URL that can hold a document or a script (not a raster image)."""
    if url_scheme(value) != "data":
        return False
    body = _URL_NOISE.sub("", value).split(":", 1)[1]
    return _SAFE_DATA.match(body.lstrip()) is None


def check_attribute(name: str, value: str) -> tuple[str | None, str]:
    """``(value to write, "")``, or ``(None, why)`` when the attribute is refused."""
    if name.startswith("on"):
        return None, "event handlers"
    if name in REFUSED_NAMES:
        return None, f"'{name}' (its value is loaded or written as HTML)"
    if is_script_url(value):
        return None, "script URLs"
    if is_unsafe_data_url(value):
        return None, "data: URLs other than images"
    return value, ""


def as_reveal_writes_it(name: str, value: str) -> str:
    """The value to write in a deck, so that what reveal.js does with it stays text.

    Applied by the deck writer to every tag it writes, whatever set the value
    (a marker, a Markdown link): ``data-notes`` is escaped once more,
    ``href`` and ``data-preview-link`` get their HTML-special characters
    percent-encoded.
    """
    if name in HTML_VALUED:
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&quot;")
            .replace("'", "&#39;")
        )
    if name in PREVIEW_URLS:
        return "".join(_PREVIEW_ENCODE.get(c, c) for c in value)
    return value


# -- reveal.js options (front matter ``initialization``) ----------------------------

#: Options that make reveal.js or a plugin load and run code.
CODE_OPTIONS = frozenset({"dependencies", "url"})
#: The math plugin's settings (``math.mathjax``, ``katex.local``, ...) that name scripts.
MATH_OPTIONS = frozenset({"math", "mathjax2", "mathjax3", "katex"})
MATH_CODE_KEYS = frozenset({"mathjax", "local", "version", "extensions"})
#: Bounds on what ``initialization`` may hold (reveal.js options are small).
MAX_DEPTH = 20
MAX_ITEMS = 5000


class _Cleaner:
    def __init__(self, allow_unsafe: bool) -> None:
        self.allow_unsafe = allow_unsafe
        self.problems: list[tuple[str, str]] = []  # (kind, message): kind "unsafe" or "type"
        self.items = 0
        self.path: list[int] = []  # ids of the containers being walked (recursive anchors)

    def note(self, kind: str, where: str, what: str) -> None:
        self.problems.append((kind, f"front matter '{where}' {what}; it was left out"))

    def value(self, value: Any, where: str, depth: int) -> tuple[bool, Any]:
        """``(keep, cleaned)`` for one value of ``initialization``."""
        self.items += 1
        if self.items > MAX_ITEMS:
            if self.items == MAX_ITEMS + 1:
                self.problems.append(
                    (
                        "type",
                        f"front matter 'initialization' holds more than {MAX_ITEMS} values "
                        f"(YAML anchors repeat theirs); '{where}' and what follows it "
                        "were left out",
                    )
                )
            return False, None
        if value is None or isinstance(value, (bool, str, int)):
            return True, value
        if isinstance(value, float):
            if math.isfinite(value):
                return True, value
            self.note("type", where, f"is {value!r}, which reveal.js cannot use")
            return False, None
        if isinstance(value, (dict, list)):
            if id(value) in self.path:
                self.note("type", where, "refers to itself (a recursive YAML anchor)")
                return False, None
            if depth >= MAX_DEPTH:
                self.note("type", where, f"is nested more than {MAX_DEPTH} levels deep")
                return False, None
            self.path.append(id(value))
            try:
                if isinstance(value, dict):
                    return True, self.mapping(value, where, depth + 1)
                kept = []
                for index, item in enumerate(value):
                    keep, cleaned = self.value(item, f"{where}[{index}]", depth + 1)
                    if keep:
                        kept.append(cleaned)
                return True, kept
            finally:
                self.path.pop()
        if isinstance(value, (datetime.date, datetime.datetime)):
            what = f"is a date ({value.isoformat()}); quote it to pass it as text"
        else:
            what = f"is a {_yaml_name(value)}, which reveal.js options cannot hold"
        self.note("type", where, what)
        return False, None

    def mapping(self, value: dict, where: str, depth: int) -> dict[str, Any]:
        cleaned: dict[str, Any] = {}
        top = where == "initialization"
        for key, item in value.items():
            if not isinstance(key, str):
                self.note("type", f"{where}", f"has the key {key!r}, which is not text")
                continue
            here = f"{where}.{key}"
            if not self.allow_unsafe and (
                (top and key in CODE_OPTIONS)
                or (
                    where.rsplit(".", 1)[-1] in MATH_OPTIONS
                    and depth == 2
                    and key in MATH_CODE_KEYS
                )
            ):
                self.note(
                    "unsafe",
                    here,
                    "makes reveal.js load code; allowed only with "
                    "gh_reveal_allow_unsafe_attributes = True",
                )
                continue
            keep, item = self.value(item, here, depth)
            if keep:
                cleaned[key] = item
        return cleaned


def _yaml_name(value: Any) -> str:
    if isinstance(value, (set, frozenset)):
        return "set (!!set)"
    if isinstance(value, (bytes, bytearray)):
        return "binary value (!!binary)"
    if isinstance(value, tuple):
        return "pair list"
    return type(value).__name__


def clean_initialization(
    value: dict, *, allow_unsafe: bool
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Keep what reveal.js can take as JSON options; say what was left out and why.

    Returns the cleaned mapping and ``(kind, message)`` pairs, ``kind`` being
    ``"unsafe"`` (an option that loads code) or ``"type"`` (a value JSON
    cannot hold: a date, a set, binary, a non-text key, a recursive anchor).
    """
    cleaner = _Cleaner(allow_unsafe)
    cleaner.path.append(id(value))
    return cleaner.mapping(value, "initialization", 1), cleaner.problems
