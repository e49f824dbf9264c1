"""``sphinx-gh-reveal pdf``: print a built deck to PDF through headless Chromium.

reveal.js lays the pages out itself in its print view (``?print-pdf``); this
command only opens that view, waits until it is finished, and prints it. The
decisions:

- **Config goes in the query string.** reveal.js 5 merges the query's
  ``key=value`` pairs over ``Reveal.initialize()``'s options (``getQueryHash``,
  read in ``initialize``), so they are in force when the print layout is
  built. ``Reveal.configure()`` after load would come too late: the pages
  are already made.
- **One page per slide, fragments shown** (``pdfSeparateFragments=false``);
  reveal.js 5 would otherwise add a page for every fragment step.
- **Notes only when asked** (``showNotes=false`` otherwise), whatever the
  course's ``initialization`` says, so the same command gives the same PDF.
- **A slide taller than the page is scaled down to fit it**, and the command
  says which and by how much. reveal.js would continue it on more pages
  (``pdfMaxPagesPerSlide``), but Chromium then pushes an unbreakable block
  such as a list to the next page: the first page holds only the heading and
  the list is still cut at the bottom. So we ask for one page per slide
  (``pdfMaxPagesPerSlide=1``) and set CSS ``zoom`` on the slide, which
  shrinks its layout box (a ``transform`` would not, and reveal.js's print
  CSS forbids it anyway).
- **Nothing leaves the machine**: only ``file://`` and ``127.0.0.1`` are
  fetched, like in the browser tests. A theme's web fonts fail and the
  fallback font is printed.
- **Exit statuses**: 0 done; 1 the browser failed, timed out, or the PDF could
  not be written; 2 bad input (no such file, not a reveal.js deck); 3 no
  Chromium or no Playwright. Every failure is one message, never a traceback.

``playwright install`` is never needed: Playwright drives the Chromium found
on the machine (``--chromium``, ``$GH_REVEAL_CHROMIUM``, ``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

PROG = "sphinx-gh-reveal pdf"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ENV = "GH_REVEAL_CHROMIUM"
#: The flags the browser tests use: no sandbox (root in CI), no calls home.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NO_BROWSER = 3

INSTALL_CHROMIUM = (
    "Install Chromium (Debian/Ubuntu: apt-get install chromium) "
    "or pass --chromium PATH to a Chromium or Chrome executable."
)
INSTALL_PLAYWRIGHT = (
    "Install it with: pip install playwright "
    "(do not run `playwright install`: the command uses your own Chromium)."
)

#: What the command runs in the deck's page (``pdf_page.js``), installed
#: before the deck's own scripts: ``window.__ghRevealPdf``.
PAGE_SCRIPT = resources.files(__package__).joinpath("pdf_page.js").read_text(encoding="utf-8")
#: reveal.js keeps a page break after every print page but the last
#: ``.pdf-page``; when notes on their own page come last, that break leaves a
#: blank page at the end of the PDF.
_NO_TRAILING_BREAK = (
    "html.reveal-print .reveal .slides > :last-child"
    " { page-break-after: auto !important; break-after: auto !important; }"
)
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


class PdfError(Exception):
    """A failure to report as one message, with the exit status to return."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def add_parser(subparsers) -> None:
    """Register ``pdf`` and its options."""
    parser = subparsers.add_parser(
        "pdf",
        help="print a built deck to PDF with headless Chromium",
        description=(
            "Print a deck built with `sphinx-build -b revealjs` to PDF: one page per "
            "slide, fragments shown, through reveal.js's print view in headless Chromium."
        ),
    )
    parser.add_argument("deck", type=Path, metavar="DECK.html", help="the built deck")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.pdf",
        help="where to write the PDF (default: beside the deck, with .pdf for .html)",
    )
    notes = parser.add_mutually_exclusive_group()
    notes.add_argument(
        "--notes",
        dest="notes",
        action="store_const",
        const="separate-page",
        help="add each slide's speaker notes on a page of their own after it",
    )
    notes.add_argument(
        "--notes-on-slide",
        dest="notes",
        action="store_const",
        const="inline",
        help="print speaker notes over the bottom of their slide instead",
    )
    parser.add_argument(
        "--chromium",
        metavar="PATH",
        help=f"the Chromium or Chrome to use (default: ${CHROMIUM_ENV}, else {DEFAULT_CHROMIUM})",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait for each step in the browser (default: 60)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print ``args.deck`` to PDF; the exit status."""
    try:
        deck = _deck_file(args.deck)
        output = _output_file(args.output, deck)
        chromium = _find_chromium(args.chromium)
        layout, data = _print_deck(deck, chromium, notes=args.notes, timeout=args.timeout)
        try:
            output.write_bytes(data)
        except OSError as error:
            raise PdfError(
                EXIT_FAILED, f"cannot write {output}: {error.strerror or error}"
            ) from error
    except PdfError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return error.status
    for slide in layout["scaled"]:
        title = f' "{slide["title"]}"' if slide["title"] else ""
        print(
            f"{PROG}: warning: slide {slide['slide']}{title} is taller than a page: "
            f"printed at {slide['percent']}% to fit",
            file=sys.stderr,
        )
    print(f"{output}: {count_pages(data)} pages ({_summary(layout)})")
    return 0


def count_pages(data: bytes) -> int:
    """The number of pages of a PDF as Chromium writes it (page objects, not ``/Pages``)."""
    return len(_PAGE_OBJECT.findall(data))


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def _summary(layout: dict) -> str:
    parts = [_plural(layout["slides"], "slide")]
    if layout["notes"]:
        parts.append(_plural(layout["notes"], "notes page"))
    return ", ".join(parts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --------------------------------------------------------------------------
# What to open, where to write, which browser


def _deck_file(path: Path) -> Path:
    if not path.exists():
        raise PdfError(EXIT_BAD_INPUT, f"{path}: no such file")
    if not path.is_file():
        raise PdfError(EXIT_BAD_INPUT, f"{path}: not a file (give the deck's .html file)")
    return path.resolve()


def _output_file(path: Path | None, deck: Path) -> Path:
    output = path if path is not None else deck.with_suffix(".pdf")
    if output.is_dir():
        raise PdfError(EXIT_BAD_INPUT, f"{output} is a folder; give the PDF's file name")
    if not output.parent.is_dir():
        raise PdfError(EXIT_BAD_INPUT, f"{output}: the folder {output.parent} does not exist")
    return output


def _find_chromium(option: str | None) -> Path:
    """The browser from ``--chromium``, the environment, or the default place."""
    if option:
        given, source = option, "--chromium"
    elif os.environ.get(CHROMIUM_ENV):
        given, source = os.environ[CHROMIUM_ENV], f"${CHROMIUM_ENV}"
    else:
        found = DEFAULT_CHROMIUM if _is_executable(DEFAULT_CHROMIUM) else shutil.which("chromium")
        if found is None:
            raise PdfError(
                EXIT_NO_BROWSER,
                f"no Chromium at {DEFAULT_CHROMIUM} nor on PATH. {INSTALL_CHROMIUM}",
            )
        return Path(found)
    path = Path(given)
    if _is_executable(path):
        return path
    # A bare name ("chromium", "google-chrome") is looked up on PATH.
    on_path = shutil.which(given) if os.sep not in given else None
    if on_path is None:
        raise PdfError(
            EXIT_NO_BROWSER, f"no Chromium at {given} (from {source}). {INSTALL_CHROMIUM}"
        )
    return Path(on_path)


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


def _query(notes: str | None) -> str:
    """reveal.js options for the print view (values as ``getQueryHash`` parses them)."""
    return "?print-pdf&pdfSeparateFragments=false&pdfMaxPagesPerSlide=1&showNotes=" + (
        notes or "false"
    )


# --------------------------------------------------------------------------
# The browser


def _print_deck(deck: Path, chromium: Path, *, notes: str | None, timeout: float):
    """Open the deck's print view in headless Chromium: (layout, PDF bytes)."""
    try:
        from playwright import sync_api
    except ImportError:
        raise PdfError(
            EXIT_NO_BROWSER, f"playwright for Python is not installed. {INSTALL_PLAYWRIGHT}"
        ) from None

    try:
        with sync_api.sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=str(chromium), headless=True, args=list(LAUNCH_ARGS)
                )
            except sync_api.Error as error:
                raise PdfError(
                    EXIT_NO_BROWSER,
                    f"Chromium at {chromium} did not start: {_first_line(error)}. "
                    + INSTALL_CHROMIUM,
                ) from None
            try:
                return _print_in(browser, sync_api, deck, notes, timeout)
            finally:
                browser.close()
    except sync_api.Error as error:
        raise PdfError(EXIT_FAILED, f"the browser failed: {_first_line(error)}") from None


def _print_in(browser, api, deck: Path, notes: str | None, timeout: float):
    """Open, wait, print; ``api`` is ``playwright.sync_api`` (imported late)."""
    page = browser.new_page()
    page.set_default_timeout(timeout * 1000)
    page.add_init_script(PAGE_SCRIPT)
    page.route(
        "**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort()
    )
    try:
        page.goto(deck.as_uri() + _query(notes), wait_until="load")
    except api.Error as error:
        raise PdfError(
            EXIT_BAD_INPUT, f"{deck}: cannot open it as a page: {_first_line(error)}"
        ) from None
    if not page.evaluate("() => window.__ghRevealPdf.hasReveal()"):
        raise PdfError(
            EXIT_BAD_INPUT,
            f"{deck} is not a reveal.js deck (no Reveal on the page); "
            "give a page built with `sphinx-build -b revealjs`",
        )
    steps = (
        ("() => Reveal.isReady()", "the deck was not ready"),
        ("() => window.__ghRevealPdf.printReady", "reveal.js had not laid out the print pages"),
        ("() => window.__ghRevealPdf.mediaLoaded()", "the deck's images were still loading"),
    )
    for condition, failure in steps:
        try:
            page.wait_for_function(condition)
        except api.TimeoutError:
            raise PdfError(EXIT_FAILED, f"{failure} after {timeout:g} s (see --timeout)") from None
    page.evaluate("() => document.fonts.ready.then(() => null)")
    page.evaluate("() => window.__ghRevealPdf.mathTypeset()")
    page.add_style_tag(content=_NO_TRAILING_BREAK)
    layout = page.evaluate("() => window.__ghRevealPdf.fitAndCount()")
    data = page.pdf(prefer_css_page_size=True, print_background=True)
    return layout, data


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "message", "") or error).strip()
    return text.splitlines()[0] if text else type(error).__name__
