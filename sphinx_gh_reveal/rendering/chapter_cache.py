"""What rendering a chapter produced, kept for the next build in the same process.

A course is one Sphinx document, so a chapter edit reads every chapter of
it again. With ``gh_reveal_chapter_cache`` on (``sphinx-gh-reveal preview``
turns it on), the first render of a chapter is recorded, block by block:

* a block whose render only appended nodes to the node being filled, and
  touched nothing else (no warning, no id or name registered in the
  document, no change to the renderer, to MyST's parse state or to the
  document's dependencies) is kept as those nodes;
* a heading, an ``include_relative`` line, a MyST target and a directive
  are kept as their tokens and rendered again on every build: they open
  sections, register names or read other files, which is state the rest of
  the course depends on;
* any other block that touched more than its own nodes (one that warned,
  say) leaves the chapter unrecorded, so that it is rendered, and warns,
  at every build.

The recording is reused when the chapter's text, its path, the course that
includes it, the configuration and MyST's parse state on entry (the link
definitions read before it: the course's own and those of earlier chapters)
are all the same; it also restores the parse state the chapter leaves
behind, so that later chapters see its link definitions. Since the course
is then transformed as a whole, as without the cache, slides running over a
chapter boundary, ids checked across the course and heading ids numbered
across it come out the same: ``tests/test_chapter_cache.py`` compares the
output with and without the cache, byte for byte, after each kind of edit.

Recordings are pickled: reusing one gives the build fresh nodes, which
transforms may change freely. The store lives as long as the process,
holds at most :data:`LIMIT_BYTES` and forgets the least recently used first.
"""

from __future__ import annotations

import hashlib
import io
import logging
import pickle
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from markdown_it.token import Token

#: The most the store holds, in pickled bytes (a 5000-slide course is about 15 MB).
LIMIT_BYTES = 256 * 1024 * 1024

#: Top-level tokens always rendered again (see the module's docstring).
REPLAYED = frozenset({"heading_open", "ghr_include", "myst_target"})


class Unrecordable(Exception):
    """A block's render reached outside its own nodes: the chapter is not kept."""


@dataclass
class Block:
    """One top-level block of a chapter, as kept."""

    kind: str
    """``"nodes"`` (append them) or ``"tokens"`` (render them again)."""
    data: bytes
    line_after: int | None = None
    """The document's ``current_line`` after the block (MyST keeps it in step;
    docutils gives it to nodes appended without a line)."""


@dataclass
class Recording:
    """A chapter's render: the parse state it leaves, and its blocks."""

    env_after: bytes
    words: int = 0
    """Words the chapter adds to MyST's word count (kept out of the key)."""
    blocks: list[Block] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.env_after) + sum(len(block.data) for block in self.blocks)


@dataclass
class Stats:
    """Chapters read from the store and recorded, since the counters were last taken."""

    reused: int = 0
    recorded: int = 0
    rendered: int = 0
    """Chapters rendered without being kept (a block reached outside its nodes)."""


class ChapterStore:
    """Recordings by key, least recently used first out."""

    def __init__(self, limit: int = LIMIT_BYTES) -> None:
        self.limit = limit
        self._items: OrderedDict[str, Recording] = OrderedDict()
        self._bytes = 0
        self.stats = Stats()

    def get(self, key: str) -> Recording | None:
        recording = self._items.get(key)
        if recording is not None:
            self._items.move_to_end(key)
        return recording

    def put(self, key: str, recording: Recording) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        if recording.size > self.limit:
            return
        self._items[key] = recording
        self._bytes += recording.size
        while self._bytes > self.limit:
            _, dropped = self._items.popitem(last=False)
            self._bytes -= dropped.size

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0

    def take_stats(self) -> Stats:
        """The counters since the last call, and zero them."""
        stats, self.stats = self.stats, Stats()
        return stats

    def __len__(self) -> int:
        return len(self._items)


#: The process's store (``sphinx-gh-reveal preview`` builds in one process).
STORE = ChapterStore()


# -- keys -------------------------------------------------------------------


def digest(*parts: object) -> str:
    """A key from parts that are strings, bytes or have a stable ``repr``."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def config_digest(config: Any) -> str:
    """Every configuration value, as the key's part for the configuration.

    ``repr`` of a function or an object holds its address: such values are
    the same within one process, which is as long as the store lives.
    """
    names = sorted(item.name for item in config)
    return digest(*((name, repr(config[name])) for name in names))


#: MyST's running word count in its parse state: a sum, not part of the key.
WORDCOUNT = "wordcount"


def words_of(md_env: MutableMapping[str, Any]) -> int:
    return md_env.get(WORDCOUNT, {}).get("words", 0)


def dump_env(md_env: MutableMapping[str, Any]) -> bytes:
    """MyST's parse state (link definitions, footnotes) as bytes; raises if it holds nodes.

    The word count (``mdit_py_plugins.wordcount``, a running sum of the
    words read so far) is left out, so that an edit of one chapter does not
    change the key of every later one; :func:`load_env` adds the chapter's
    own words to it instead.
    """
    state = dict(md_env)
    count = state.get(WORDCOUNT)
    if isinstance(count, dict) and set(count) <= {"words", "minutes"}:
        del state[WORDCOUNT]
    return _dumps(state, inside=())


def load_env(md_env: MutableMapping[str, Any], data: bytes, words: int, per_minute: int) -> None:
    """Make ``md_env`` (the same object MyST holds) what ``data`` says, ``words`` counted."""
    count = md_env.get(WORDCOUNT)
    md_env.clear()
    md_env.update(pickle.loads(data))
    if WORDCOUNT not in md_env and isinstance(count, dict):
        total = count.get("words", 0) + words
        # As the plugin counts: minutes rounded from the words read so far.
        md_env[WORDCOUNT] = {"words": total, "minutes": int(round(total / per_minute))}


# -- recording and replaying ------------------------------------------------


def dump_tokens(tokens: list[Token]) -> bytes:
    return pickle.dumps(tokens, protocol=pickle.HIGHEST_PROTOCOL)


def load_tokens(data: bytes) -> list[Token]:
    return pickle.loads(data)


def dump_nodes(made: list[nodes.Node], parent: nodes.Element, document: nodes.document) -> bytes:
    """``made`` (the children just appended to ``parent``) as bytes."""
    inside = {id(node) for top in made for node in top.findall()}
    return _dumps(made, inside=inside, parent=parent, document=document)


def load_nodes(data: bytes, parent: nodes.Element, document: nodes.document) -> list[nodes.Node]:
    """Fresh copies of kept nodes, their parent ``parent`` (to be appended to it)."""
    unpickler = _NodeUnpickler(io.BytesIO(data))
    unpickler.parent, unpickler.document = parent, document
    return unpickler.load()


class _NodePickler(pickle.Pickler):
    inside: set[int] | tuple = ()
    parent: nodes.Element | None = None
    document: nodes.document | None = None

    def persistent_id(self, obj: Any) -> str | None:
        if type(obj) in _PLAIN_TYPES:  # most of what a node holds: answered first
            return None
        if isinstance(obj, nodes.Node):
            if obj is self.document:
                return "document"
            if obj is self.parent:
                return "parent"
            if id(obj) not in self.inside:
                raise Unrecordable(
                    f"a node points at another part of the tree ({type(obj).__name__})"
                )
            return None
        if not isinstance(obj, _PLAIN) and obj.__class__.__module__.startswith(_LIVE):
            raise Unrecordable(f"a node holds a live {type(obj).__name__}")
        return None


class _NodeUnpickler(pickle.Unpickler):
    parent: nodes.Element
    document: nodes.document

    def persistent_load(self, pid: Any) -> Any:
        if pid == "document":
            return self.document
        if pid == "parent":
            return self.parent
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


#: Types a kept node may hold; anything from these packages is live state.
_PLAIN = (str, bytes, int, float, bool, type(None), list, tuple, dict, set, frozenset, Token)
_PLAIN_TYPES = frozenset(_PLAIN)
_LIVE = ("sphinx", "docutils", "myst_parser", "markdown_it", "jinja2")


def _dumps(obj: Any, inside: set[int] | tuple, **refs: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = _NodePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.inside = inside
    pickler.parent = refs.get("parent")
    pickler.document = refs.get("document")
    try:
        pickler.dump(obj)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
        raise Unrecordable(str(error)) from error
    return buffer.getvalue()


# -- what a block may touch -------------------------------------------------

#: Attributes of the document that are not registries of names and ids.
_DOCUMENT_OWN = frozenset(
    {"children", "attributes", "rawsource", "parent", "_document", "source", "line", "current_line"}
)


def _shape(value: Any) -> Any:
    """What a block's render may not change: the object, and its length."""
    try:
        return id(value), len(value)
    except TypeError:
        return id(value), value if isinstance(value, (int, str, float)) else None


def state_of(renderer: Any) -> tuple:
    """Everything outside a block's own nodes that its render could change."""
    document = renderer.document
    env = renderer.sphinx_env
    docname = env.docname if env is not None else ""
    return (
        tuple(
            (name, _shape(value))
            for name, value in vars(document).items()
            if name not in _DOCUMENT_OWN
        ),
        tuple(
            (name, _shape(value))
            for name, value in vars(renderer).items()
            if name != "current_node"
        ),
        tuple((name, _shape(value)) for name, value in renderer.md_env.items()),
        len(document.settings.record_dependencies.list)
        if document.settings.record_dependencies
        else 0,
        len(env.dependencies.get(docname, ())) if env is not None else 0,
        len(env.included.get(docname, ())) if env is not None else 0,
    )


class LogCounter(logging.Handler):
    """Counts the records Sphinx logs (a warning makes a chapter unrecordable)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def counting_logs() -> Iterator[LogCounter]:
    """Count what Sphinx logs inside the block (its loggers are all under ``sphinx``)."""
    counter = LogCounter()
    logger = logging.getLogger("sphinx")
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
