"""Write time, html builders: make the course page's slide links work.

A first step of the handout: ``[x](#/id)`` points at the slide's anchor on
the page, and a ``§id`` that a heading already answers adds no second
element with the same id.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import nodes as ghr
from .deck import DECK_BUILDERS
from .slides import course_section


class LinkSlidesOnPage(SphinxPostTransform):
    """Turn ``#/id`` into ``#id`` and drop ``§id`` anchors that would repeat an id."""

    formats = ("html",)
    default_priority = 20

    def is_supported(self) -> bool:
        return super().is_supported() and self.app.builder.name not in DECK_BUILDERS

    def run(self, **kwargs) -> None:
        course = course_section(self.document)
        if course is None:
            return
        taken = {i for node in course.findall(nodes.Element) if not isinstance(node, ghr.ghr_marker) for i in node["ids"]}
        for marker in list(course.findall(ghr.ghr_marker)):
            if marker["kind"] == "id" and marker["value"] in taken:
                marker.parent.remove(marker)
            elif marker["kind"] == "id":
                taken.add(marker["value"])
        for ref in course.findall(nodes.reference):
            target = ref.get("ghr_slide_link")
            if target and not target.split("/")[0].isdigit():
                ref["refuri"] = f"#{target}"
