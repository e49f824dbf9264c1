"""Decks alongside html builds, live in Chromium, under every popular theme.

For each theme: the course page's "View as slides" opens the deck at the
slide, the deck is ready with no failed request and no console error, and
its "Read as a page" leads back. Requests that leave ``file://`` are
aborted, and fail the test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_real_projects import THEMES

pytestmark = pytest.mark.browser
TIMEOUT = 15_000  # ms


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT)
    tab.outside, tab.failed, tab.errors = [], [], []

    def route(request_route):
        url = request_route.request.url
        if urlsplit(url).scheme in ("file", "data") or urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            tab.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab.on("requestfailed", lambda request: tab.failed.append(request.url))
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


@pytest.mark.parametrize("theme", THEMES)
def test_page_to_deck_and_back_under_every_theme(page, builds, theme):
    out = builds("project", "html", f"html_theme={theme}")
    page.goto((out / "intro-course.html").as_uri())
    page.errors.clear()  # the theme's own page scripts are the theme's business
    page.click("a.ghr-view-slides >> nth=0")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert urlsplit(page.url).path.endswith("/slides/intro-course.html")
    assert page.evaluate("Reveal.getHorizontalSlides().length") == 3
    # The background a §slide names was copied and loads.
    page.evaluate("Reveal.slide(2, 0)")
    page.wait_for_function("Reveal.getCurrentSlide().id === 'pictures'")
    page.evaluate("Reveal.slide(0, 0)")
    assert page.errors == [], "the deck logged errors"
    with page.expect_navigation():
        page.click(".ghr-page-link a")
    page.wait_for_load_state()
    assert urlsplit(page.url).path.endswith("/intro-course.html")
    assert "/slides/" not in page.url
    assert page.outside == [] and page.failed == []
