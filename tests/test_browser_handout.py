"""A reader's round trip in Chromium: course page -> "View as slides" -> deck -> page."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

from conftest import ROOTS, run_module

pytestmark = pytest.mark.browser
TIMEOUT = 15_000  # ms


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("handout-site")
    shutil.copytree(ROOTS / "test-site", root / "src")
    result = run_module("sphinx", "-q", "-b", "html", root / "src", root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if urlsplit(url).scheme in ("file", "data") or urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT)
    tab.outside = outside
    yield tab
    context.close()


def test_page_to_deck_and_back(page, built_site):
    page.goto((built_site / "intro.html").as_uri() + "#plan")
    page.click("a.ghr-view-slides")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.url.endswith("/slides/intro.html#/plan")
    # The deck opened at the slide the reader was looking at.
    assert page.evaluate("Reveal.getCurrentSlide().id") == "plan"
    assert page.evaluate("Reveal.getHorizontalSlides().length") == 3  # title + 2 parts
    page.evaluate("Reveal.slide(0, 0)")
    page.click(".ghr-page-link a")
    page.wait_for_load_state()
    assert page.url.endswith("/intro.html")
    assert page.inner_text("h1").startswith("Introduction")
    assert page.outside == []


def test_notes_open_on_click(page, built_site):
    page.goto((built_site / "intro.html").as_uri())
    assert not page.is_visible("details.ghr-notes li")
    page.click("details.ghr-notes summary")
    assert page.is_visible("details.ghr-notes li")
