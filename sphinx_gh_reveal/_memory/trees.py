"""Take a tree apart, so that reference counting frees it without the collector."""

from __future__ import annotations


def take_apart(root) -> None:
    """Break every parent/child link under ``root``; its nodes are unusable after.

    Any tree whose nodes have ``parent`` and (leaves excepted) ``children``:
    a doctree, or a markdown-it syntax tree once rendered.
    """
    stack = [root]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children:
            stack.extend(children)
            node.children = []
        node.parent = None
