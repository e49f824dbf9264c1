"""Walk every local URL of built HTML files and report those that lead nowhere."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

#: Attributes whose value the browser (or reveal.js) fetches or follows.
URL_ATTRIBUTES = (
    "href",
    "src",
    "data-src",
    "data-background-image",
    "data-background-video",
    "poster",
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def local_urls(page: Path, part=None) -> list[tuple[str, str]]:
    """``(attribute, url)`` for each local URL of ``page``, in document order.

    ``part`` picks the element to walk in the parsed page (default: all of it).
    """
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    root = part(soup) if part else soup
    found = []
    for element in [root, *root.find_all(True)]:
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if not value or value.startswith(("#", "//")) or _SCHEME.match(value):
                continue
            found.append((attribute, value))
    return found


def dead_links(pages: list[Path], part=None) -> list[str]:
    """``page: attribute=url`` for every local URL of ``pages`` that names no file."""
    dead = []
    for page in pages:
        for attribute, url in local_urls(page, part):
            path = unquote(urlsplit(url).path)
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                dead.append(f"{page.name}: {attribute}={url}")
    return dead
