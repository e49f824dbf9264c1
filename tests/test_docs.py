"""The documentation site (written with the extension) builds without a warning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_docs_build_with_warnings_as_errors(tmp_path, builder):
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", builder,
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "out" / "example-course.html").read_text("utf8"), "html.parser")
    if builder == "revealjs":
        assert page.select("div.slides > section")
        assert page.select(".fragment") and page.select("aside.notes")
    else:
        assert page.select("hr.ghr-slide-boundary")
