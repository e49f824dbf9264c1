"""Write time, html-format builders: links to another page of the site, per builder.

The original site put each course at ``name.html``, next to the others, so
a course links to another one as ``two.html#/part``. Sphinx's builders do
not all write ``two`` there: ``dirhtml`` writes ``two/index.html``,
``singlehtml`` writes every page into ``index.html``, a deck written
alongside is under ``slides/``. The renderer notes the document such a
link names (``ghr_page_link``, see
:func:`~sphinx_gh_reveal.rendering.kramdown.linked_document`); here the
link gets the builder's URI for that document, with the query and the
fragment as written: the deck form ``#/part`` for reveal.js, which the
handout then points at the slide's anchor on a page (``two.html#part``,
``#part`` in ``singlehtml``, where every slide anchor is on the one page).

A link naming no document of the project is left as written: it may be a
file the site publishes itself (``html_extra_path``). A course link of that
kind that leads nowhere was reported when the course was read
(:mod:`~sphinx_gh_reveal.transforms.checks`).

Builders without pages (LaTeX, texinfo...) get these links in
:mod:`.without_pages`.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..current_builder import builder_of


class ResolvePageLinks(SphinxPostTransform):
    """Give each link to a document of the project that document's URI."""

    formats = ("html",)
    # After Sphinx resolves references (10), before the deck and the handout (20).
    default_priority = 15

    def run(self, **kwargs) -> None:
        builder = builder_of(self.env)
        for ref in self.document.findall(nodes.reference):
            docname = ref.get("ghr_page_link")
            if docname is None or docname not in self.env.all_docs:
                continue
            uri = builder.get_relative_uri(self.env.docname, docname)
            ref["refuri"] = _with_query_and_fragment(uri, ref["refuri"])


def _with_query_and_fragment(uri: str, written: str) -> str:
    """``uri`` with the query and the fragment of the link as ``written``.

    singlehtml's URI of a document is an anchor on the one page: a written
    fragment replaces it, and a written query goes before it.
    """
    path, hash_, fragment = written.partition("#")
    _, mark, query = path.partition("?")
    page, page_hash, page_fragment = uri.partition("#")
    if not hash_:
        hash_, fragment = page_hash, page_fragment
    return f"{page}{mark}{query}{hash_}{fragment}"
