"""One self-contained HTML file from a built deck.

A deck as Sphinx writes it is a page plus ``_static/`` (reveal.js, theme,
plugins, Font Awesome) and ``_images/``. :func:`bundle_deck` reads the page
and puts every local file it refers to inside it, so that the file works
alone (a mail attachment, a USB stick, a learning platform) with no network:

- ``<link rel="stylesheet">`` becomes ``<style>``, with the sheet's own
  ``@import`` (local ones inlined, remote ones dropped: they would need the
  network) and ``url()`` resolved against the sheet's folder;
- ``<script src>`` becomes an inline ``<script>``;
- images, media, backgrounds (``src``, ``srcset``, ``poster``,
  ``data-background-image`` and the other reveal.js ``data-*`` URLs, CSS
  ``url()`` in ``style`` attributes and ``<style>``) become ``data:`` URIs,
  byte for byte (nothing is re-encoded).

The rules are generic: whatever local script, sheet, font or image a deck
refers to is inlined, so plugins added later (math...) need no change here.
Two things keep the file small:

- an ``@font-face`` keeps one source, the best format the browser reads
  (woff2, then woff, then TrueType/OpenType), not all of them;
- an ``@font-face`` whose family is only ever chosen by class rules
  (``.fa``, ``.fab``... as icon fonts are) is dropped when no element of the
  deck gets that family and weight from those rules. A deck that uses only
  Font Awesome's regular and brand icons thus carries neither the solid nor
  the v4-compatibility font. Fonts are not subset (see docs/single-file.md).

The speaker view of reveal.js 5's notes plugin needs nothing more: the
plugin writes the speaker window's HTML from its own script into an
``about:blank`` window, and that window shows the current and next slides
by loading the deck's own address (the single file) in two frames.

Remote URLs (``https://``...) are kept as written and reported: the file
holds what the build has, never what the network has. Local files that are
missing are kept as written and reported too; the file is still written.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: What the file names below hold, where :mod:`mimetypes` may not know it.
_TYPES = {
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt",
}
#: Attributes holding one URL, on any element.
_URL_ATTRIBUTES = (
    "data-background-image",
    "data-background-iframe",
    "data-preview-image",
    "data-preview-video",
    "data-src",
)
#: Attributes holding one URL on the elements named.
_ELEMENT_URLS = {
    "img": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "iframe": ("src",),
    "input": ("src",),
    "object": ("data",),
}
#: ``<link rel>`` values the browser fetches (stylesheets are inlined apart).
_FETCHED_LINKS = {"icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "manifest"}
#: Comments are dropped (a commented-out ``url()`` is not fetched), but not
#: ``/*! ... */`` ones: they hold licences (Font Awesome's CC BY attribution).
_CSS_COMMENT = re.compile(r"/\*(?!!).*?\*/", re.S)
_ANY_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
_CSS_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^)\s;]+))\s*\)?([^;]*);""", re.I
)
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.I)
#: Fonts the browser reads, best first; a face keeps only its best source.
_FORMAT_RANK = {"woff2": 0, "woff": 1, "truetype": 2, "opentype": 2, "ttf": 2, "otf": 2}
_SCRIPT_END = re.compile(r"</(script)", re.I)
_REVEAL_DIV = re.compile(r"""<div\s[^>]*class=["']?(?:[^"'>]*\s)?reveal[\s"'>]""", re.I)
_SCRIPT_START = re.compile(r"<(s)(cript)", re.I)
_STYLE_END = re.compile(r"</(style)", re.I)


@dataclass
class Bundle:
    """A bundled deck and what could not go inside it."""

    html: str
    missing: list[str] = field(default_factory=list)
    """Local files the deck refers to that do not exist (kept as written)."""
    remote: list[str] = field(default_factory=list)
    """Remote URLs of the deck's content (kept as written: they need the network)."""
    dropped_imports: list[str] = field(default_factory=list)
    """Remote ``@import`` of stylesheets (web fonts of some themes), left out."""
    dropped_assets: list[str] = field(default_factory=list)
    """Scripts and stylesheets the deck links to that are not in the output.

    The folder deck loads nothing for them either (the server answers 404),
    so the single file leaves them out rather than ask for them. In html
    builds, this is what happens to the html theme's own files that
    sphinx-revealjs adds to the decks written alongside (furo's).
    """
    dropped_fonts: list[str] = field(default_factory=list)
    """Font files no element of the deck uses, left out."""
    inputs: set[Path] = field(default_factory=set)
    """Every file the bundle was made of, the deck included."""

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))


class BundleError(Exception):
    """The input is not a deck that can be bundled."""


def bundle_deck(deck: Path, root: Path | None = None, *, cache: dict | None = None) -> Bundle:
    """The deck ``deck`` as one self-contained page.

    Files are read only inside ``root`` (default: the deck's folder), the
    build's output: a page cannot pull in other files of the machine.
    ``cache`` (a dict shared by the decks of one build) keeps the files
    already read, as data URIs.
    """
    deck = Path(deck).resolve()
    root = Path(root).resolve() if root else deck.parent
    try:
        text = deck.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BundleError(f"cannot read {deck}: {error}") from error
    if "Reveal.initialize" not in text and not _REVEAL_DIV.search(text):
        raise BundleError(f"{deck} is not a reveal.js deck")
    return _Bundler(deck, root, text, {} if cache is None else cache).run()


def human_size(size: float) -> str:
    """``1234567`` -> ``'1.2 MB'`` (powers of 1000, as file managers show)."""
    for unit in ("B", "KB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------
# The page


@dataclass
class _Tag:
    start: int
    end: int
    name: str
    attrs: list[tuple[str, str | None]]


class _Scanner(HTMLParser):
    """Offsets of every start tag and of the text of ``<style>`` elements."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self._line_starts = [0]
        for match in re.finditer("\n", text):
            self._line_starts.append(match.end())
        self.tags: list[_Tag] = []
        self.styles: list[tuple[int, int]] = []
        self._in_style = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.tags.append(_Tag(start, start + len(raw), tag, attrs))
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag) -> None:
        self._in_style = False

    def handle_data(self, data) -> None:
        if self._in_style:
            start = self._offset()
            self.styles.append((start, start + len(data)))


def _escape_style(css: str) -> str:
    """Keep a ``</style`` inside the sheet (in a string) from ending the element."""
    return _STYLE_END.sub(r"<\\/\1", css)


def _escape_script(code: str) -> str:
    """Script text that only our ``</script>`` can end.

    An inline script ends at ``</script``, and a ``<script`` after a ``<!--``
    would make the browser skip that end. Both are written with an escape
    that means the same in JavaScript strings, regular expressions (also with
    the ``u`` flag) and template literals: ``<\\/script``, ``<\\x73cript``.
    """
    code = _SCRIPT_END.sub(r"<\\/\1", code)
    return _SCRIPT_START.sub(lambda m: "<\\x" + format(ord(m.group(1)), "02x") + m.group(2), code)


def _write_tag(name: str, attrs: list[tuple[str, str | None]]) -> str:
    parts = [name]
    for key, value in attrs:
        parts.append(key if value is None else f'{key}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


class _Bundler:
    def __init__(self, deck: Path, root: Path, text: str, cache: dict) -> None:
        self.deck = deck
        self.root = root
        self.text = text
        self.result = Bundle("", inputs={deck})
        self._uris: dict[Path, str] = cache
        self._embedded: set[str] = set()
        self.fonts: _FaceUse | None = None

    def run(self) -> Bundle:
        scanner = _Scanner(self.text)
        scanner.feed(self.text)
        scanner.close()
        self.fonts = _FaceUse(self.text, scanner.tags, scanner.styles, self._sheets(scanner.tags))
        edits: list[tuple[int, int, str]] = []
        repeated = self._repeated_sheets(scanner.tags)
        for tag in scanner.tags:
            replacement = "" if id(tag) in repeated else self._tag(tag)
            if replacement is not None:
                edits.append((tag.start, tag.end, replacement))
        for start, end in scanner.styles:
            css = self.css(self.text[start:end], self.deck.parent)
            edits.append((start, end, _escape_style(css)))
        out, last = [], 0
        for start, end, replacement in sorted(edits):
            out.append(self.text[last:start])
            out.append(replacement)
            last = end
        out.append(self.text[last:])
        self.result.html = "".join(out)
        self.result.dropped_fonts = sorted(set(self.result.dropped_fonts) - self._embedded)
        return self.result

    def _repeated_sheets(self, tags: list[_Tag]) -> set[int]:
        """The links to a sheet that the same sheet (same media) links again later.

        Only the last link of a sheet counts: its rules come after everything
        between the two, so the cascade is the same without the first, and
        the file does not carry the sheet (and its fonts) twice.
        """
        last: dict[tuple, _Tag] = {}
        links = []
        for tag in tags:
            attrs = dict(tag.attrs)
            if tag.name != "link" or "stylesheet" not in (attrs.get("rel") or "").lower().split():
                continue
            path = self._local((attrs.get("href") or "").strip(), self.deck.parent)
            if path is not None:
                key = (path, attrs.get("media") or "")
                last[key] = tag
                links.append((key, tag))
        return {id(tag) for key, tag in links if last[key] is not tag}

    # --- files -------------------------------------------------------------

    def _local(self, url: str, base: Path) -> Path | None:
        """The file a relative URL names, or ``None`` for anything else."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or url.startswith("#"):
            return None
        if parts.path.startswith("/"):
            # A server's root, not a file of the build: never read, reported.
            return Path("/").joinpath(unquote(parts.path)).resolve()
        return (base / unquote(parts.path)).resolve()

    def _is_remote(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") or url.startswith("//")

    def _readable(self, path: Path) -> bool:
        return path.is_relative_to(self.root) and path.is_file()

    def _read(self, path: Path, url: str) -> bytes | None:
        if not self._readable(path):
            if url not in self.result.missing:
                self.result.missing.append(url)
            return None
        self.result.inputs.add(path)
        return path.read_bytes()

    def data_uri(self, url: str, base: Path) -> str:
        """``url`` as a ``data:`` URI when it names a local file; else as written."""
        if self._is_remote(url):
            if url not in self.result.remote:
                self.result.remote.append(url)
            return url
        path = self._local(url, base)
        if path is None:
            return url
        is_css = path.suffix.lower() == ".css"
        uri = None if is_css else self._uris.get(path)
        if uri is None:
            if is_css:  # not cached: which fonts it keeps depends on the deck
                content = self._stylesheet(path, url)
                data = None if content is None else content.encode("utf-8")
            else:
                data = self._read(path, url)
            if data is None:
                return url
            kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            encoded = base64.b64encode(data).decode("ascii")
            uri = f"data:{kind or 'application/octet-stream'};base64,{encoded}"
            if not is_css:
                self._uris[path] = uri
        self._embedded.add(path.name)
        self.result.inputs.add(path)
        fragment = urlsplit(url).fragment
        if fragment and path.suffix.lower() == ".svg":
            uri += "#" + fragment  # an SVG sprite's symbol
        return uri

    # --- tags ----------------------------------------------------------------

    def _tag(self, tag: _Tag) -> str | None:
        attrs = dict(tag.attrs)
        if tag.name == "link":
            return self._link(tag, attrs)
        if tag.name == "script" and attrs.get("src"):
            return self._script(tag, attrs)
        changed = False
        new_attrs = []
        base = self.deck.parent
        for key, value in tag.attrs:
            if value:
                new = value
                if key in _URL_ATTRIBUTES or key in _ELEMENT_URLS.get(tag.name, ()):
                    new = self.data_uri(value.strip(), base)
                elif key == "srcset":
                    new = ", ".join(
                        " ".join([self.data_uri(part.split()[0], base), *part.split()[1:]])
                        for part in value.split(",")
                        if part.split()
                    )
                elif key == "data-background-video":
                    new = ",".join(self.data_uri(part.strip(), base) for part in value.split(","))
                elif key == "style" and "url(" in value.lower():
                    new = self.css(value, base)
                changed |= new != value
                value = new
            new_attrs.append((key, value))
        return _write_tag(tag.name, new_attrs) if changed else None

    def _link(self, tag: _Tag, attrs: dict) -> str | None:
        rel = set((attrs.get("rel") or "").lower().split())
        href = (attrs.get("href") or "").strip()
        if not href:
            return None
        if "stylesheet" in rel:
            if self._is_remote(href):
                if href not in self.result.dropped_imports:
                    self.result.dropped_imports.append(href)
                return ""
            path = self._local(href, self.deck.parent)
            if path is None:
                return None
            if not self._readable(path):
                self.result.dropped_assets.append(href)
                return ""
            css = self._stylesheet(path, href)
            if css is None:
                return None
            media = attrs.get("media")
            open_tag = f'<style media="{html.escape(media, quote=True)}">' if media else "<style>"
            return f"{open_tag}\n{_escape_style(css)}\n</style>"
        if rel & _FETCHED_LINKS:
            uri = self.data_uri(href, self.deck.parent)
            if uri != href:
                return _write_tag("link", [(k, uri if k == "href" else v) for k, v in tag.attrs])
        return None

    def _script(self, tag: _Tag, attrs: dict) -> str | None:
        src = attrs["src"].strip()
        if self._is_remote(src):
            if src not in self.result.remote:
                self.result.remote.append(src)
            return None
        path = self._local(src, self.deck.parent)
        if path is None:
            return None
        unused = ("src", "defer", "async", "integrity", "crossorigin")
        kept = [(k, v) for k, v in tag.attrs if k not in unused]
        if not self._readable(path):
            self.result.dropped_assets.append(src)
            return _write_tag("script", kept)  # empty: runs nothing, asks for nothing
        data = self._read(path, src)
        if data is None:
            return None
        try:
            code = data.decode("utf-8")
        except UnicodeDecodeError:
            # Not UTF-8 text: loaded from a data: URI, bytes as they are.
            return _write_tag("script", [*kept, ("src", self.data_uri(src, self.deck.parent))])
        return _write_tag("script", kept) + "\n" + _escape_script(code) + "\n"

    # --- stylesheets -----------------------------------------------------------

    def _stylesheet(self, path: Path, url: str, seen: frozenset = frozenset()) -> str | None:
        data = self._read(path, url)
        if data is None:
            return None
        if path in seen:
            return ""
        css = data.decode("utf-8", errors="replace")
        return self.css(css, path.parent, seen | {path})

    def css(self, css: str, base: Path, seen: frozenset = frozenset()) -> str:
        """A stylesheet with its imports inlined and its ``url()`` as data URIs."""
        css = _CSS_COMMENT.sub("", css)

        def import_(match: re.Match) -> str:
            url = next(group for group in match.groups()[:3] if group is not None)
            media = match.group(4).strip()
            if self._is_remote(url):
                if url not in self.result.dropped_imports:
                    self.result.dropped_imports.append(url)
                return ""
            path = self._local(url, base)
            inner = self._stylesheet(path, url, seen) if path else None
            if inner is None:
                return match.group(0)
            return f"@media {media}{{{inner}}}" if media else inner

        # The sheet's own faces and url() first, then the imported sheets in
        # their place (already done): never scan their data URIs again.
        imports: list[str] = []

        def hold(match: re.Match) -> str:
            imports.append(import_(match))
            return f"\0{len(imports) - 1}\0"

        css = _CSS_IMPORT.sub(hold, css)
        css = _FONT_FACE.sub(lambda match: self._font_face(match, base), css)
        css = _CSS_URL.sub(lambda match: self._css_url(match, base), css)
        return re.sub("\0(\\d+)\0", lambda match: imports[int(match.group(1))], css)

    def _css_url(self, match: re.Match, base: Path) -> str:
        url = next(group for group in match.groups() if group is not None)
        if not url or url.startswith(("data:", "#")):
            return match.group(0)
        uri = self.data_uri(url, base)
        return match.group(0) if uri == url else f'url("{uri}")'

    def _font_face(self, match: re.Match, base: Path) -> str:
        body = match.group(1)
        family, weight = _face_key(body)
        if not re.search(r"(^|;)\s*src\s*:", body, re.I):
            return match.group(0)
        if self.fonts is not None and family and not _face_used(family, weight, self.fonts):
            for url in _face_urls(body):
                path = self._local(url, base)
                name = path.name if path else url
                if name not in self.result.dropped_fonts:
                    self.result.dropped_fonts.append(name)
            return ""
        declarations = []
        parts = _split_declarations(body)
        last_src = max(
            i for i, d in enumerate(parts) if d.partition(":")[0].strip().lower() == "src"
        )
        for index, declaration in enumerate(parts):
            name, _, value = declaration.partition(":")
            if name.strip().lower() == "src":
                if index != last_src:
                    continue  # an older browser's fallback (the last src wins)
                value = _best_source(value)
                value = _CSS_URL.sub(lambda m: self._css_url(m, base), value)
            declarations.append(f"{name.strip()}:{value.strip()}")
        return "@font-face{" + ";".join(declarations) + "}"

    def _sheets(self, tags: list[_Tag]) -> list[str]:
        """The text of the deck's stylesheets (imports followed), to see which fonts are used."""
        sheets = []

        def read(path: Path, seen: set) -> None:
            if path in seen or not path.is_relative_to(self.root) or not path.is_file():
                return
            seen.add(path)
            css = _ANY_COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))
            for match in _CSS_IMPORT.finditer(css):
                url = next(group for group in match.groups()[:3] if group is not None)
                inner = None if self._is_remote(url) else self._local(url, path.parent)
                if inner:
                    read(inner, seen)
            sheets.append(css)

        seen: set = set()
        for tag in tags:
            attrs = dict(tag.attrs)
            if tag.name == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split():
                path = self._local((attrs.get("href") or "").strip(), self.deck.parent)
                if path:
                    read(path, seen)
        return sheets


# --------------------------------------------------------------------------
# Fonts


def _split_declarations(body: str) -> list[str]:
    """``a:b;c:d`` -> ``['a:b', 'c:d']``, keeping ``;`` inside quotes and ``url()``."""
    return [part for part in _split_outside(body, ";") if part.strip()]


def _split_outside(value: str, separator: str) -> list[str]:
    """``value`` cut at each ``separator`` that is outside quotes and parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for char in value:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _declarations(body: str) -> dict[str, str]:
    result = {}
    for declaration in _split_declarations(body):
        name, _, value = declaration.partition(":")
        result[name.strip().lower()] = value.strip()
    return result


def _first_family(value: str) -> str:
    return value.split(",")[0].strip().strip("\"'").strip().lower()


def _face_key(body: str) -> tuple[str, str | None]:
    declarations = _declarations(body)
    weight = declarations.get("font-weight")
    return _first_family(declarations.get("font-family", "")), _weight(weight)


def _weight(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    return {"normal": "400", "bold": "700"}.get(value, value)


def _face_urls(body: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(body)]


def _best_source(value: str) -> str:
    """Keep the ``local()`` sources and the one best ``url()`` source of a face."""
    sources = _split_outside(value, ",")
    urls = [s for s in sources if s.strip().lower().startswith("url(")]
    if len(urls) <= 1:
        return value

    def rank(source: str) -> int:
        found = re.search(r"format\(\s*[\"']?([\w-]+)", source, re.I)
        kind = (
            found.group(1).lower()
            if found
            else Path(_face_urls(source)[0].split("?")[0]).suffix[1:]
        )
        return _FORMAT_RANK.get(kind.lower(), 9)

    best = min(urls, key=rank)
    kept = [s for s in sources if not s.strip().lower().startswith("url(") or s is best]
    return ",".join(s.strip() for s in kept)


def _face_used(family: str, weight: str | None, use: _FaceUse) -> bool:
    """Whether some element may be drawn with the face (family, weight)."""
    if family not in use.prunable:
        return True  # a family some other rule or the page may choose: keep
    if (family, None) in use.used:
        return True  # an element of that family with an inherited weight
    if weight is None:
        return any(name == family for name, _ in use.used)
    return (family, weight) in use.used


#: A selector made only of classes, maybe with a ``::before``/``::after``.
_CLASS_SELECTOR = re.compile(r"^((?:\.[\w-]+)+)(?:::?(?:before|after))?$")
_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*(.*))?\)$", re.S)


class _FaceUse:
    """Which (font family, weight) pairs the deck's elements get from class rules.

    Icon fonts are chosen by class rules (``.fa``, ``.fab``, ``.fa.fa-github``).
    A family that only such rules name is *prunable*: its faces are kept only
    for the (family, weight) pairs some element of the deck ends up with,
    applying those rules with CSS specificity (number of classes) and order,
    and ``var()`` from the same element's rules. A family named anywhere
    else (``.reveal h1``, a ``font`` shorthand, the page itself) is kept.
    """

    def __init__(
        self, page: str, tags: list[_Tag], styles: list[tuple[int, int]], sheets: list[str]
    ) -> None:
        rules: list[tuple[int, int, frozenset[str], dict[str, str]]] = []
        # What the page itself can name a family in: style attributes and elements.
        elsewhere: list[str] = [
            (value or "").lower() for tag in tags for key, value in tag.attrs if key == "style"
        ]
        elsewhere += [page[start:end].lower() for start, end in styles]
        properties: dict[str, list[str]] = {}  # custom properties of non-class rules
        font_vars: set[str] = set()  # custom properties used in a font declaration
        faces: set[str] = set()
        for css in sheets:
            faces |= {_face_key(match.group(1))[0] for match in _FONT_FACE.finditer(css)}
            flat = _FONT_FACE.sub("", css)
            for selectors, body in _RULE.findall(flat):
                declarations = _declarations(body)
                found = [_CLASS_SELECTOR.match(s.strip()) for s in selectors.split(",")]
                simple = [match for match in found if match]
                if len(simple) == len(found):
                    for match in simple:
                        needed = frozenset(match.group(1).strip(".").split("."))
                        rules.append((len(needed), len(rules), needed, declarations))
                    elsewhere.append(declarations.get("font", "").lower())
                else:
                    for name in ("font-family", "font"):
                        elsewhere.append(declarations.get(name, "").lower())
                    for name, value in declarations.items():
                        if name.startswith("--"):
                            properties.setdefault(name, []).append(value.lower())
                for name in ("font-family", "font"):
                    font_vars.update(re.findall(r"var\(\s*(--[\w-]+)", declarations.get(name, "")))
        # A custom property (``:root{--r-main-font:...}``) counts only where a
        # font declaration uses it: Font Awesome defines ``--fa-font-solid``
        # for authors' own rules, and no rule of its own uses it.
        for name in sorted(font_vars):
            elsewhere += properties.get(name, [])
        text = " ".join(elsewhere)
        # A family no rule names at all (Font Awesome 5's, v4's "FontAwesome")
        # is prunable too: then no element uses it.
        self.prunable = {family for family in faces if family and family not in text}
        rules.sort(key=lambda rule: (rule[0], rule[1]))
        self.used: set[tuple[str, str | None]] = set()
        for tag in tags:
            classes = set((dict(tag.attrs).get("class") or "").split())
            if not classes:
                continue
            values: dict[str, str] = {}
            for _, _, needed, declarations in rules:
                if needed <= classes:
                    values.update(declarations)
            if "font-family" in values:
                family = _first_family(_resolve(values["font-family"], values))
                weight = (
                    _weight(_resolve(values["font-weight"], values))
                    if "font-weight" in values
                    else None
                )
                self.used.add((family, weight))


def _resolve(value: str, values: dict[str, str]) -> str:
    """``var(--x, fallback)`` with ``--x`` from the same element's rules."""
    match = _VAR.match(value.strip())
    if not match:
        return value
    name, fallback = match.groups()
    if name in values:
        return _resolve(values[name], values)
    return _resolve(fallback or "", values)
