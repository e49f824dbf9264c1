"""Every ``gh-reveal`` warning subtype has its section in docs/warnings.md.

The subtypes are the members of :class:`GhRevealWarnings`, and the
extension's code gives no other: a ``subtype=`` or ``gh-reveal.<name>``
written elsewhere in the package must name one of them.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx_gh_reveal.warnings_ import GhRevealWarnings

PACKAGE = Path(__file__).resolve().parents[1] / "sphinx_gh_reveal"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "warnings.md"


def _sections() -> list[str]:
    return re.findall(r"^## `gh-reveal\.(\w+)`$", DOCS.read_text(encoding="utf-8"), re.M)


def test_every_subtype_has_a_section_and_every_section_a_subtype():
    sections = _sections()
    assert [s.value for s in GhRevealWarnings if s.value not in sections] == []
    assert sorted(sections) == sorted(s.value for s in GhRevealWarnings)


def test_the_code_names_no_subtype_outside_the_enum():
    known = {s.value for s in GhRevealWarnings}
    written: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        written.update(re.findall(r"""subtype=["'](\w+)["']""", source))
        written.update(re.findall(r"\[gh-reveal\.(\w+)\]", source))
    assert written - known == set()
