"""Shared fixtures: Sphinx's own testing fixtures, our test roots, the corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

from sphinx_gh_reveal.cli.pdf import DEFAULT_CHROMIUM, LAUNCH_ARGS

pytest_plugins = "sphinx.testing.fixtures"
collect_ignore = ["roots"]

ROOTS = Path(__file__).parent / "roots"
#: The seed courses, beside the repository (absent outside this workplace).
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def run_module(*args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m ARGS`` with this interpreter; output captured as text, never raises."""
    return subprocess.run(
        [sys.executable, "-m", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=timeout,
    )


@pytest.fixture
def app_in_copy(make_app, sphinx_test_tempdir):
    """Make an app for any builder on a copy of a test root, one copy per name.

    ``@pytest.mark.sphinx`` gives one app per test; this is for a test that
    builds a root with another builder too, or with several.
    """

    def make(root: str, builder: str, name: str = ""):
        srcdir = sphinx_test_tempdir / (name or f"{root}-{builder}")
        if not srcdir.exists():
            shutil.copytree(ROOTS / f"test-{root}", srcdir)
        return make_app(builder, srcdir=srcdir, freshenv=True)

    return make


@pytest.fixture
def corpus() -> Path:
    """The folder of real gh-reveal courses; skips when it is not there."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


@pytest.fixture
def one_page_app(make_app, tmp_path):
    """An app for a project of one page, ``index.md`` holding ``text``, in ``tmp_path``."""

    def make(text: str, builder: str = "revealjs"):
        (tmp_path / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', encoding="utf8")
        (tmp_path / "index.md").write_text(text, encoding="utf8")
        return make_app(builder, srcdir=tmp_path, freshenv=True)

    return make


def warnings_of(warning) -> str:
    """The build's warnings as plain text (Sphinx colours them)."""
    return strip_colors(warning.getvalue())


def soup_of(app, docname: str) -> BeautifulSoup:
    """Parse a page the build wrote."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf8"), "html.parser")


def slides_of(soup: BeautifulSoup):
    """The deck's top-level sections (title slide first)."""
    return soup.select_one("div.slides").find_all("section", recursive=False)


#: Debian's Chromium, started with the flags the pdf command uses (no
#: sandbox for root in CI, no calls home on a closed network).
CHROMIUM = DEFAULT_CHROMIUM


def require_browser() -> bool:
    """CI sets this so that a missing Chromium fails the run instead of skipping."""
    return os.environ.get("GH_REVEAL_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> None:
    """Skip, or fail when CI asked for the browser tests to run for sure."""
    if require_browser():
        pytest.fail(f"GH_REVEAL_REQUIRE_BROWSER=1, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=list(LAUNCH_ARGS)
            )
        except Exception as error:  # noqa: BLE001 - any launch failure means "no browser"
            unavailable(f"{CHROMIUM} did not start under Playwright: {error}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """``sphinx-build -W`` runs of copies of the test roots, made once per module.

    See ``projects.Builds``.
    """
    from projects import Builds  # here, not at the top: projects imports conftest's helpers

    return Builds(tmp_path_factory.mktemp("real-projects"))


@pytest.fixture
def courses(tmp_path, monkeypatch):
    """The warnings root's Markdown files in ``tmp_path/courses`` (no conf.py).

    The working directory is ``tmp_path``.
    """
    folder = tmp_path / "courses"
    folder.mkdir()
    for name in ("bad.md", "badmatter.md", "index.md"):
        shutil.copy(ROOTS / "test-warnings" / name, folder)
    monkeypatch.chdir(tmp_path)
    return folder
