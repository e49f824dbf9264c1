"""The builder a post-transform runs for, without Sphinx's deprecated ``app``.

A post-transform only sees the environment. Sphinx 9 deprecates the way to
the builder from there (``SphinxTransform.app``, ``env.app``) and gives no
public replacement, so the builder is noted at ``builder-inited``, per
environment: one process may hold several applications (tests do).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

_BUILDERS: WeakKeyDictionary[BuildEnvironment, Builder] = WeakKeyDictionary()


def note_builder(app: Sphinx) -> None:
    _BUILDERS[app.env] = app.builder


def builder_of(env: BuildEnvironment) -> Builder:
    """The builder writing with ``env``; noted when that builder started."""
    return _BUILDERS[env]


def setup_current_builder(app: Sphinx) -> None:
    # Before the other builder-inited listeners, so that all of them may use it.
    app.connect("builder-inited", note_builder, priority=0)


@contextmanager
def noted(env: BuildEnvironment, builder: Builder) -> Iterator[None]:
    """Note ``builder`` as the one writing with ``env`` inside the block."""
    saved = _BUILDERS.get(env)
    _BUILDERS[env] = builder
    try:
        yield
    finally:
        if saved is not None:
            _BUILDERS[env] = saved
