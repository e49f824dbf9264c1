"""What makes a Markdown file a course, and its typed front matter.

A document is a course when any of these holds, in this order:

1. its front matter says ``gh_reveal: true`` (or ``false``: never a course);
2. its name matches a pattern of ``gh_reveal_courses`` (default ``[]``);
3. its front matter has a ``title`` and its text holds a gh-reveal marker.

So adding the extension to a project changes none of its other pages: a MyST
page with a ``title`` but no ``§new``/``§break``/``§fragment``... stays a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: A marker that only a gh-reveal course would write.
_MARKER = re.compile(
    r"§(?:new|break|notes|fragment|id:|slide:|element:|pelement:|icon:)"
    r"|\{%-?\s*include_relative\s"
)
#: Front matter keys of the original tool, with the types they must have.
KEYS = {
    "title": str,
    "subtitle": str,
    "theme": str,
    "draft": bool,
    "initialization": dict,
    "markers_in_code": bool,
    "gh_reveal": bool,
    "lang": str,
}
#: A language tag for ``lang`` (BCP 47's shape: ``fr``, ``en-GB``, ``pt_BR``).
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass
class CourseInfo:
    """The front matter of a course, typed; stored in ``env`` per docname."""

    title: str = ""
    subtitle: str = ""
    theme: str = ""
    draft: bool = False
    initialization: dict[str, Any] = field(default_factory=dict)
    markers_in_code: bool | None = None
    lang: str = ""
    """The course's language (``<html lang>``); empty: the build's ``language``."""
    problems: list[str] = field(default_factory=list)
    """Messages about keys that had a wrong type (and were ignored)."""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``env.metadata`` (survives pickling and ``-j``)."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "theme": self.theme,
            "draft": self.draft,
            "initialization": self.initialization,
            "lang": self.lang,
        }


#: ``env.metadata[docname]`` key of a course's typed front matter. Sphinx
#: also files every front matter field there, as text, under its own name:
#: the space keeps this key apart from any YAML key a course could write.
METADATA_KEY = "gh-reveal course"


def course_info(env, docname: str) -> dict[str, Any] | None:
    """The typed front matter of ``docname`` if it was read as a course, else ``None``."""
    info = env.metadata.get(docname, {}).get(METADATA_KEY)
    return info if isinstance(info, dict) else None


def has_markers(text: str) -> bool:
    """Whether ``text`` holds a gh-reveal marker or include tag."""
    return _MARKER.search(text) is not None


def is_course(topmatter: dict[str, Any] | None, text: str, forced: bool) -> bool:
    """Apply the rule of the module docstring."""
    matter = topmatter or {}
    flag = matter.get("gh_reveal")
    if isinstance(flag, bool):
        return flag
    if forced:
        return True
    return "title" in matter and has_markers(text)


def read_course_info(topmatter: Any) -> CourseInfo:
    """Type-check the front matter keys; keep what is right, note the rest."""
    info = CourseInfo()
    if not isinstance(topmatter, dict):
        if topmatter is not None:
            info.problems.append(
                f"front matter must be a mapping of 'key: value' lines, not {type(topmatter).__name__}"
            )
        return info
    for key, expected in KEYS.items():
        if key not in topmatter or key == "gh_reveal":
            continue
        value = topmatter[key]
        if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # ``title: 2018`` is still a title
        if value is None:
            continue
        if not isinstance(value, expected):
            info.problems.append(
                f"front matter '{key}' must be {_TYPE_NAMES[expected]}, not {value!r}"
            )
            continue
        if key == "lang" and not _LANG.fullmatch(value):
            info.problems.append(
                f"front matter 'lang' must be a language tag such as 'fr' or 'en-GB', not {value!r}"
            )
            continue
        setattr(info, key, value)
    return info


_TYPE_NAMES = {str: "text", bool: "true or false", dict: "a mapping (indented 'key: value' lines)"}
