"""Security: no marker or front matter value becomes markup or script (issue #14).

Each attack of the red-team report is a course of its own, built with
``-b revealjs`` and with ``-b html`` (deck alongside). The build refuses it
with a located ``gh-reveal.*`` warning; Chromium then loads the deck, its
print view with notes, its ``showNotes`` view, the speaker window, the page
and the deck alongside, clicks what reveal.js previews, and no injected
script may run: every payload would ask ``http://127.0.0.1:9/pwned``, and
the browser records every request. A raw HTML course with the same payload
proves the sentinel sees script that does run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_gh_reveal.safety import clean_initialization

from conftest import run_module, warnings_of
from warnlog import parse_warnings

SENTINEL = "http://127.0.0.1:9/pwned"
PAYLOAD = f"fetch('{SENTINEL}')"
JS = f"javascript:{PAYLOAD}"
DATA_HTML = f"data:text/html,<script>{PAYLOAD}</script>"


@dataclass(frozen=True)
class Attack:
    body: str
    subtype: str  # the gh-reveal warning the build must give
    front: str = ""  # extra front matter lines


#: Every reproducer of issue #14 items 1-3, and the usual on*/javascript: spellings.
ATTACKS = {
    "element-id": Attack(f'text §element:id="><svg/onload={PAYLOAD}>§; §element:id=b§;\n', "attrs"),
    "slide-id": Attack(f'§slide:id="><img/src/onerror={PAYLOAD}>§;\n§id:a§;\n## S\n', "attrs"),
    "heading-id": Attack(f'## Title §element:id=x"><img/src/onerror={PAYLOAD}>§;\n', "attrs"),
    "code-id": Attack(f'```\ncode §element:id="><svg/onload={PAYLOAD}>§;\n```\n', "attrs"),
    "data-notes": Attack(f"## N\n§slide:data-notes=<img/src='x'/onerror={PAYLOAD}>§;\n", ""),
    "dependencies": Attack(
        "## D\n",
        "unsafe",
        f'initialization:\n  dependencies:\n    - src: "data:text/javascript,{PAYLOAD}"\n',
    ),
    "katex-local": Attack(
        "## K\n",
        "unsafe",
        f'initialization:\n  katex:\n    local: "data:text/javascript,{PAYLOAD};//"\n',
    ),
    "notes-url": Attack("## U\n", "unsafe", f'initialization:\n  url: "{JS}"\n'),
    "background-iframe": Attack(f"## B\n§slide:data-background-iframe={DATA_HTML}§;\n", "unsafe"),
    "preview-link-data": Attack(f"## P\ntext §element:data-preview-link={DATA_HTML}§;\n", "unsafe"),
    "preview-link-breakout": Attack(
        "## Q\n[t §element:data-preview-link=true§;]"
        f"(x%22%3E%3Cimg%20src=x%20onerror={PAYLOAD.replace(chr(39), '%27')}%3E)\n",
        "",
    ),
    "preview-links-option": Attack(
        "## L\n[t](x%22%3E%3Cimg%20src=x%20onerror=fetch(%27http://127.0.0.1:9/pwned%27)%3E)\n",
        "",
        "initialization:\n  previewLinks: true\n",
    ),
    "href-data": Attack(f"[t §element:href={DATA_HTML}§;](other.html)\n", "unsafe"),
    "data-markdown": Attack(
        f"## M\n§slide:data-markdown=data:text/plain,<img/src/onerror={PAYLOAD}>§;\n", "unsafe"
    ),
    "srcdoc": Attack(f"text §element:srcdoc=<script>{PAYLOAD}</script>§;\n", "unsafe"),
    "onclick": Attack(f"text §element:onclick={PAYLOAD}§;\n", "unsafe"),
    "onload-upper": Attack(f"![i](x.png)\n§pelement:ONERROR={PAYLOAD}§;\n", "unsafe"),
    "onmouseover-slide": Attack(f"§slide:onmouseover={PAYLOAD}§;\n## O\n", "unsafe"),
    "href-javascript": Attack(f"[t §element:href=JaVaScRiPt:{PAYLOAD}§;](other.html)\n", "unsafe"),
    "href-control": Attack(f"[t §element:href=\x01javascript:{PAYLOAD}§;](other.html)\n", "unsafe"),
    "background-javascript": Attack(f"## J\n§slide:data-background-iframe={JS}§;\n", "unsafe"),
    "link-javascript": Attack(f"[t](javascript:{PAYLOAD})\n", ""),
    "link-percent": Attack(f"[t](%6Aavascript:{PAYLOAD})\n", ""),
    "title": Attack("## T\n", "", f'subtitle: "</p><img src=x onerror=\\"{PAYLOAD}\\">"\n'),
    "initialization-script-end": Attack(
        "## E\n", "", f'initialization:\n  x: "</script><script>{PAYLOAD}</script>"\n'
    ),
}
#: Raw HTML is the author's own script: it runs, and shows the sentinel works.
CONTROL = f'## C\n\n<img src="x" onerror="{PAYLOAD}">\n'


def course(name: str, attack: Attack) -> str:
    return f"---\ntitle: Attack {name}\n{attack.front}---\n\n§new\n{attack.body}\n§new\n## End\n"


def everything() -> str:
    """One course with every attack, a slide each (front matter merged)."""
    lines = [line for a in ATTACKS.values() for line in a.front.splitlines()]
    nested = "".join(f"{line}\n" for line in lines if line.startswith(" "))
    top = "".join(f"{line}\n" for line in lines if not line.startswith((" ", "initialization:")))
    body = "".join(f"§new\n{a.body}\n§notes\nnotes of {n}\n\n" for n, a in ATTACKS.items())
    return f"---\ntitle: All attacks\n{top}initialization:\n{nested}---\n\n{body}"


CONF = """\
extensions = ["sphinx_gh_reveal"]
show_warning_types = True
suppress_warnings = ["toc.not_included"]
# Not "math": its KaTeX comes from a CDN, and the browser test allows no request out.
# The math options that load code are refused all the same (test_unsafe_options...).
"""


@dataclass
class Built:
    src: Path
    deck: Path
    html: Path
    warnings: list


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("security")
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text("# Attacks\n\n```{toctree}\n:glob:\n\n*\n```\n")
    for name, attack in ATTACKS.items():
        (src / f"attack-{name}.md").write_text(course(name, attack), encoding="utf-8")
    (src / "all.md").write_text(everything(), encoding="utf-8")
    (src / "control.md").write_text(
        f"---\ntitle: Control\n---\n\n§new\n{CONTROL}", encoding="utf-8"
    )
    warnings = []
    for builder in ("revealjs", "html"):
        result = run_module("sphinx", "-q", "-b", builder, src, root / builder)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        warnings += parse_warnings(result.stderr)
    return Built(src, root / "revealjs", root / "html", warnings)


# -- build level ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_refused_with_a_located_warning(built, name):
    attack = ATTACKS[name]
    mine = [w for w in built.warnings if w.file and Path(w.file).name == f"attack-{name}.md"]
    for warning in mine:
        # The image is missing on purpose: an onerror that got through would fire.
        assert (warning.type == "gh-reveal" and warning.line) or warning.type == "image", warning
    if attack.subtype:
        assert any(w.subtype == attack.subtype for w in mine), mine


def _tags(path: Path):
    soup = BeautifulSoup(path.read_text("utf8"), "html.parser")
    return soup.find_all(True)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_leaves_no_handler_markup_or_script_url(built, name):
    for path in (
        built.deck / f"attack-{name}.html",
        built.html / f"attack-{name}.html",
        built.html / "slides" / f"attack-{name}.html",
    ):
        text = path.read_text("utf8")
        assert "<svg" not in text and '<span id=""' not in text
        for tag in _tags(path):
            if tag.name in ("script", "link", "meta"):
                continue
            for attr, value in tag.attrs.items():
                assert not attr.startswith("on"), (path.name, tag)
                for item in value if isinstance(value, list) else [value]:
                    harmless = attr in ("data-notes", "href") or re.fullmatch(r"[-\w.:]+", item)
                    assert "pwned" not in item or harmless, (path.name, tag)
                    assert not re.match(r"\s*(javascript|vbscript|data:text)", item, re.I), (
                        path.name,
                        tag,
                    )


def test_data_notes_reach_reveal_as_escaped_text(built):
    """reveal.js sets innerHTML from data-notes: the value is escaped once more."""
    tags = _tags(built.deck / "attack-data-notes.html")
    notes = [t["data-notes"] for t in tags if t.has_attr("data-notes")]
    assert notes == [f"&lt;img/src=&#39;x&#39;/onerror={PAYLOAD.replace(chr(39), '&#39;')}&gt;"]


def test_preview_urls_keep_no_quote_or_angle_bracket(built):
    for name in ("preview-link-breakout", "preview-links-option"):
        hrefs = [
            t["href"]
            for t in _tags(built.deck / f"attack-{name}.html")
            if t.name == "a" and "pwned" in t.get("href", "")
        ]
        assert hrefs and all(not set(h) & set("\"'<>") for h in hrefs), hrefs


def test_unsafe_options_are_kept_when_the_project_allows_them():
    kept, problems = clean_initialization(
        {"dependencies": [{"src": "x.js"}], "katex": {"local": "k"}}, allow_unsafe=True
    )
    assert kept == {"dependencies": [{"src": "x.js"}], "katex": {"local": "k"}} and not problems
    kept, problems = clean_initialization(
        {"dependencies": [{"src": "x.js"}], "katex": {"local": "k", "delimiters": []}},
        allow_unsafe=False,
    )
    assert kept == {"katex": {"delimiters": []}}
    assert [kind for kind, _ in problems] == ["unsafe", "unsafe"]


# -- in the browser --------------------------------------------------------------------

TIMEOUT = 15_000


class Sentinel:
    """Every request of a browser context; the payload's would be to :data:`SENTINEL`."""

    def __init__(self, context) -> None:
        self.pwned: list[str] = []
        self.foreign: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
            return
        if url.startswith(SENTINEL):
            self.pwned.append(url)
        elif not url.startswith(("http://127.0.0.1", "https://fonts.")):
            self.foreign.append(url)
        route.abort()


def _visit_deck(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=TIMEOUT)
    page.evaluate(
        """() => {
            for (const slide of Reveal.getSlides()) {
                const i = Reveal.getIndices(slide);
                Reveal.slide(i.h, i.v);
            }
            for (const el of document.querySelectorAll(
                    '[data-preview-link]:not([data-preview-link=false]), '
                    + '[data-preview-image], a[href]')) {
                if (el.matches('a[href]') && !Reveal.getConfig().previewLinks
                    && !el.hasAttribute('data-preview-link')) continue;
                el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
            }
        }"""
    )
    page.wait_for_timeout(400)


@pytest.fixture(scope="module")
def browser_run(browser, built):
    """Load every view of the all-attacks course and the control once; what the sentinel saw."""
    seen: dict[str, list[str]] = {}
    foreign: list[str] = []
    views = {
        "deck": (built.deck / "all.html", ""),
        "print-notes": (built.deck / "all.html", "?print-pdf&showNotes=true"),
        "show-notes": (built.deck / "all.html", "?showNotes=true"),
        "alongside": (built.html / "slides" / "all.html", "?showNotes=true"),
    }
    errors: list[str] = []
    for view, (path, query) in views.items():
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        sentinel = Sentinel(context)
        page = context.new_page()
        # A script error would stop the deck before later attacks are reached.
        page.on("pageerror", lambda error, view=view: errors.append(f"{view}: {error}"))
        _visit_deck(page, path.as_uri() + query)
        context.close()
        seen[view], foreign = sentinel.pwned, foreign + sentinel.foreign
    assert errors == []

    # The course as a page, and the speaker window (notes rendered with innerHTML).
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    sentinel = Sentinel(context)
    page = context.new_page()
    page.goto((built.html / "all.html").as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    _visit_deck(page, (built.deck / "all.html").as_uri())
    with context.expect_page() as popup:
        page.evaluate("() => Reveal.getPlugin('notes').open()")
    popup.value.wait_for_load_state("load")
    page.evaluate(
        """() => { for (const s of Reveal.getSlides()) { const i = Reveal.getIndices(s);
                   Reveal.slide(i.h, i.v); } }"""
    )
    page.wait_for_timeout(1500)
    speaker_text = popup.value.content()
    context.close()
    seen["page-and-speaker-view"] = sentinel.pwned

    context = browser.new_context()
    sentinel = Sentinel(context)
    page = context.new_page()
    _visit_deck(page, (built.deck / "control.html").as_uri())
    context.close()
    seen["control"] = sentinel.pwned
    return seen, foreign, speaker_text


@pytest.mark.browser
def test_the_sentinel_sees_script_that_runs(browser_run):
    seen, _, _ = browser_run
    assert seen["control"], "raw HTML ran no script: the sentinel is blind"


@pytest.mark.browser
def test_no_attack_runs_script_in_any_view(browser_run):
    seen, foreign, speaker_text = browser_run
    ran = {view: urls for view, urls in seen.items() if urls and view != "control"}
    assert ran == {}
    assert foreign == []
    assert "notes of" in speaker_text  # the speaker window did show the notes


# -- files named by a course stay inside the project -----------------------------------


SECRET = "root:x:0:0:secret outside the project\n"


@pytest.mark.parametrize("builder", ["revealjs", "html"])
def test_links_out_of_the_project_are_never_copied(make_app, tmp_path, builder):
    """A stylesheet, logo or marker file that is a link out of the project is refused."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET, encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_gh_reveal"]\n', encoding="utf-8")
    for name in ("s.css", "l.png", "bg.png"):
        (src / name).symlink_to(outside / "passwd")
    (src / "folder").symlink_to(outside, target_is_directory=True)
    (src / "index.md").write_text(
        "---\ntitle: T\nstylesheet: s.css\nlogo: l.png\n---\n\n## A\n"
        "§slide:data-background-image=bg.png§;\n\n§new\n\n## B\n\n"
        "text §element:src=folder/passwd§;\n",
        encoding="utf-8",
    )
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    text = warnings_of(app.warning)
    for key in ("stylesheet: s.css", "logo: l.png"):
        assert re.search(
            rf"index\.md:1: WARNING: front matter '{key}' points outside the project "
            r"through a symbolic link; it is ignored \[gh-reveal\.front_matter\]",
            text,
        ), text
    assert re.search(r"index\.md:8: WARNING: data-background-image=bg\.png: no such file", text)
    assert re.search(r"index\.md:14: WARNING: src=folder/passwd: no such file", text)
    out = Path(app.outdir)
    copied = [p for p in out.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert copied == []
    deck = out / "index.html" if builder == "revealjs" else out / "slides" / "index.html"
    assert "ghr-logo" not in deck.read_text(encoding="utf-8")


def test_a_class_cannot_reach_latex_as_markup(one_page_app):
    """The LaTeX writer writes a container's classes unescaped: a marker's class is refused."""
    app = one_page_app(
        "---\ntitle: T\n---\n\n## A\n\n```{container} box\ninside\n```\n"
        "§pelement:class=x}\\input{/etc/hostname}§;\n\n"
        "Words §element:class=ok\\def\\x{}§;\n\n§new\n\n## B\n",
        "latex",
    )
    app.build()
    text = warnings_of(app.warning)
    found = re.search(
        r"index\.md:10: WARNING: class 'x\}\\\\input\{/etc/hostname\}' holds '\}', "
        r"which no class may hold \[gh-reveal\.attrs\]",
        text,
    )
    assert found, text
    assert re.search(r"index\.md:12: WARNING: class 'ok\\\\def\\\\x\{\}' holds '\\\\'", text), text
    (tex,) = Path(app.outdir).glob("*.tex")
    written = tex.read_text(encoding="utf-8")
    assert r"\input{/etc/hostname}" not in written and r"\def\x" not in written
    assert r"\begin{sphinxuseclass}{box}" in written
