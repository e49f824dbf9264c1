"""Docutils nodes of a course, and the attributes they carry.

Two families:

* **Read-time nodes**, made by the renderer and kept in the pickled doctree.
  They do not depend on the output format::

      <section ghr_course="True">            the course, titled by front matter
          <title>Docker en cluster
          <ghr_subtitle>ENSG, février 2018
          <paragraph>… <ghr_marker kind="id" value="sommaire">
              <ghr_html_element tag="span" …>   raw HTML a marker acts on
          <ghr_structure kind="break">
          <section ghr_level="3"> …         a heading, at its written level

* **Deck nodes**, built by :mod:`sphinx_gh_reveal.transforms.deck` for the
  revealjs builders only::

      <ghr_title_slide>  <title>…  <ghr_subtitle>…
      <ghr_stack>                            one per §new part
          <ghr_slide ids="…" ghr_attrs="[[k, v], …]">   one per §break part
              <ghr_heading level="2"> …
              <ghr_notes> …                  the part after §notes

Every attribute holds plain data (strings, lists of ``[name, value]``
pairs), so doctrees pickle, deep-copy and merge under ``-j``.
Marker attributes applied to an ordinary node (a list item, an image) go to
its ``classes`` and to ``node["ghr_attrs"]``.
"""

from __future__ import annotations

from docutils import nodes

#: Node attribute holding ``[name, value]`` pairs a marker put on a node.
ATTRS_KEY = "ghr_attrs"
#: Node attribute mapping a marker attribute's name to the project file it names.
FILES_KEY = "ghr_files"


class Placed(nodes.Element):
    """A marker that acts where it stands: a cut or a marker waiting to be applied.

    A base of its own, so that a transform finds both kinds with one
    class-based walk of the tree (docutils' fast one).
    """


class ghr_structure(nodes.Invisible, Placed):
    """A ``§new``, ``§break`` or ``§notes`` cut (attribute ``kind``)."""


class ghr_marker(nodes.Invisible, nodes.Inline, Placed):
    """A ``§id`` or ``§slide`` marker, waiting for its slide.

    ``kind`` is ``id`` or ``slide``; ``value`` the id, ``attrs`` the pairs.
    Markers that target an element (``§element``, ``§fragment``, ...) never
    survive the read: :mod:`~sphinx_gh_reveal.transforms.attach` applies them.
    """


class ghr_icon(nodes.Inline, nodes.Element):
    """A Font Awesome 4 icon (attribute ``name``, e.g. ``envelope-o``; ``label``,
    what a screen reader says for it, empty for a decorative icon).

    Only a labelled icon has a text child (its label), so that a decorative
    icon stays out of the search index and of titles in the table of contents.
    """


class ghr_html_element(nodes.Inline, nodes.TextElement):
    """An inline element the author wrote as raw HTML, that a marker acts on.

    ``tag`` is its name, ``start`` and ``end`` its opening and closing tags
    exactly as written (``end`` is empty for a void element such as
    ``<img>``); the children are what the author wrote between them::

        <ghr_html_element tag="span" start="<span>" end="</span>" classes="fragment">
            one

    HTML writers write ``start`` as it is unless a marker gave the element
    classes, an id or ``ghr_attrs``; other writers keep the children only.
    """


class ghr_subtitle(nodes.Part, nodes.TextElement):
    """The front matter ``subtitle``, under the course title."""


class ghr_title_slide(nodes.Structural, nodes.Element):
    """The slide reveal.js opens on: the course title and subtitle."""


class ghr_stack(nodes.Structural, nodes.Element):
    """A horizontal slide: the part between two ``§new``."""


class ghr_slide(nodes.Structural, nodes.Element):
    """A vertical slide: the part between two ``§break`` (or ``§new``)."""


class ghr_notes(nodes.Element):
    """Speaker notes: the rest of a slide after ``§notes``, markup kept."""


class ghr_heading(nodes.TextElement):
    """A heading inside a slide, at the level it was written (``level``)."""


class ghr_handout_notes(nodes.Element):
    """Speaker notes on a course page, shown collapsed under "Speaker notes"."""


class ghr_file(nodes.image):
    """A project file a marker attribute names (``uri``), copied like an image.

    Never written: it only lets Sphinx collect, copy and watch the file.
    """


class ghr_courses_index(nodes.General, nodes.Element):
    """Where the ``gh-reveal-courses`` directive lists the courses (at write time)."""


def add_attrs(node: nodes.Element, pairs: list[list[str]]) -> None:
    """Put marker attributes on ``node``: ``class`` adds, other names replace."""
    written: list[list[str]] = node.get(ATTRS_KEY, [])
    current = {name: value for name, value in written}
    for name, value in pairs:
        if name == "class":
            for cls in value.split():
                if cls not in node["classes"]:
                    node["classes"].append(cls)
        elif name == "id":
            node["ids"] = [value, *[i for i in node["ids"] if i != value]]
        else:
            current[name] = value
    if current:
        node[ATTRS_KEY] = [[name, value] for name, value in current.items()]
