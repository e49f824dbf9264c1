"""The ``gh_reveal_*`` options: documented with their defaults, checked, read typed."""

from __future__ import annotations

import dataclasses
import pickle
import re
from pathlib import Path

import pytest

from sphinx_gh_reveal.config import OPTIONS, Settings, settings_of

from conftest import warnings_of

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"

#: One value per option that its check refuses (not text: Sphinx converts
#: text overrides to the default's type).
INVALID = {
    "courses": 5,
    "markers_in_code": ["yes"],
    "allow_unsafe_attributes": 1,
    "image_lightbox": None,
    "plugins": 7,
    "slides_alongside": 2,
    "slides_dir": "../up",
    "single_file": 3.5,
    "handout_notes": "folded",
    "show_drafts": 0,
    "dollar_math": {"on": True},
    "highlight_style": "dracula",
    "chapter_cache": [True],
}


def _documented() -> dict[str, str]:
    """``name -> the Default line's value`` of each option section of the reference."""
    text = DOCS.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^### `gh_reveal_(\w+)`\n(.*?)(?=^#)", text + "\n#", re.M | re.S):
        default = re.search(r"^- \*\*Default:\*\* `([^`]*)`", match.group(2), re.M)
        found[match.group(1)] = default.group(1) if default else ""
    return found


def _as_documented(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(f'"{item}"' for item in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def test_every_option_is_documented_with_its_default():
    documented = _documented()
    assert set(documented) == {option.name for option in OPTIONS}
    for option in OPTIONS:
        assert documented[option.name] == _as_documented(option.default), option.name


def test_settings_has_one_typed_field_per_option():
    assert [f.name for f in dataclasses.fields(Settings)] == [option.name for option in OPTIONS]
    assert set(INVALID) == {option.name for option in OPTIONS}


def test_bad_values_are_reported_and_the_settings_hold_the_defaults(
    make_app, sphinx_test_tempdir, rootdir
):
    srcdir = sphinx_test_tempdir / "settings-bad"
    if not srcdir.exists():
        import shutil

        shutil.copytree(rootdir / "test-basic", srcdir)
    overrides = {f"gh_reveal_{name}": value for name, value in INVALID.items()}
    app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides=overrides)
    text = warnings_of(app.warning)
    for name in INVALID:
        assert re.search(
            rf"gh_reveal_{name} = .* is not valid: expected .*\[gh-reveal\.config\]", text
        ), name
    defaults = {option.name: option.default for option in OPTIONS}
    assert dataclasses.asdict(settings_of(app.config)) == {
        name: tuple(value) if isinstance(value, (list, tuple)) else value
        for name, value in defaults.items()
    }
    assert settings_of(app.env.config) is settings_of(app.config)


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"gh_reveal_slides_dir": "decks/"}
)
def test_settings_are_read_once_and_never_pickled(app):
    settings = settings_of(app.config)
    assert settings.slides_folder == "decks"
    app.build()
    assert settings_of(app.config) is settings
    assert (Path(app.outdir) / "decks" / "course.html").is_file()
    assert b"Settings" not in pickle.dumps(app.env, pickle.HIGHEST_PROTOCOL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.slides_dir = "elsewhere"  # type: ignore[misc]


@pytest.mark.parametrize("value", [".", "./", "a/..", "./.", "", "../x", "/abs"])
def test_slides_dir_is_never_the_output_folder_itself(
    make_app, sphinx_test_tempdir, rootdir, value
):
    srcdir = sphinx_test_tempdir / f"settings-slides-dir-{value.encode().hex()}"
    if not srcdir.exists():
        import shutil

        shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"gh_reveal_slides_dir": value}
    )
    assert re.search(
        r"gh_reveal_slides_dir = .* is not valid: .*\[gh-reveal\.config\]",
        warnings_of(app.warning),
    )
    assert settings_of(app.config).slides_folder == "slides"
    app.build()
    # The course page stays a page: the deck went to slides/, not over it.
    page = (Path(app.outdir) / "course.html").read_text(encoding="utf-8")
    assert 'class="reveal"' not in page
    assert (Path(app.outdir) / "slides" / "course.html").is_file()
