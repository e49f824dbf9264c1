"""Step-by-step line highlighting for code in decks: the ``:steps:`` option.

``{code-block}`` and ``{literalinclude}`` get one more option, ``:steps:``,
with reveal.js's ``data-line-numbers`` syntax: steps separated by ``|``,
each a list of lines and ranges (``1|3-4|6``, ``2,5-7|9``). In a deck the
first step is highlighted when the slide opens and every further step is a
fragment, in order. Pages show the block with its ``:emphasize-lines:``.

Sphinx's directives are subclassed, not copied: the option is taken out,
checked (a ``gh-reveal.code`` warning, located, for a bad value, which is
then ignored) and stored on the ``literal_block`` as ``ghr_steps``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.directives.code import CodeBlock, LiteralInclude

from .warnings_ import GhRevealWarnings, warn

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

    class _DirectiveBase(SphinxDirective):
        """Sphinx's ``code-block`` and ``literalinclude``, whose ``run`` returns a list."""

        def run(self) -> list[nodes.Node]:
            raise NotImplementedError  # for the type checker only

else:
    _DirectiveBase = object  # the directives below put Sphinx's after the mixin

#: Node attribute holding the steps, as written (spaces removed).
STEPS_KEY = "ghr_steps"
_LINES = r"\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*"
#: Steps: line lists separated by '|'; a step may be empty (nothing highlighted).
_STEPS = re.compile(rf"(?:{_LINES})?(?:\|(?:{_LINES})?)+|{_LINES}")


def parse_steps(value: str) -> str | None:
    """The steps without spaces, or ``None`` when they do not follow the syntax."""
    compact = re.sub(r"\s+", "", value or "")
    if not compact or not _STEPS.fullmatch(compact):
        return None
    return compact


class _StepsMixin(_DirectiveBase):
    """Take ``:steps:`` out of the options, run the Sphinx directive, stamp its block."""

    def run(self) -> list[nodes.Node]:
        raw = self.options.pop("steps", None)
        result = super().run()
        if raw is None:
            return result
        steps = parse_steps(raw)
        source, line = self.get_source_info()
        if steps is None:
            line += _option_offset(self.block_text, "steps")
            warn(
                f"':steps: {raw}' is not a list of steps such as '1|3-4|6' "
                "(lines and ranges, steps separated by '|'); the block is shown without steps",
                GhRevealWarnings.CODE,
                location=(self.env.docname, line),
            )
            return result
        for node in result:
            block = (
                node
                if isinstance(node, nodes.literal_block)
                else node.next_node(nodes.literal_block)
            )
            if block is not None:
                block[STEPS_KEY] = steps
                break
        return result


def _option_offset(block_text: str, name: str) -> int:
    """How many lines below the directive's first line the option ``:name:`` is (0 if unseen)."""
    for offset, text in enumerate((block_text or "").splitlines()):
        if text.lstrip().startswith(f":{name}:"):
            return offset
    return 0


class StepsCodeBlock(_StepsMixin, CodeBlock):
    option_spec = {**CodeBlock.option_spec, "steps": directives.unchanged}


class StepsLiteralInclude(_StepsMixin, LiteralInclude):
    option_spec = {**LiteralInclude.option_spec, "steps": directives.unchanged}


def setup_code_steps(app: Sphinx) -> None:
    """Register the two directives (and ``code``/``sourcecode``, Sphinx's other names)."""
    for name in ("code-block", "sourcecode"):
        app.add_directive(name, StepsCodeBlock, override=True)
    app.add_directive("literalinclude", StepsLiteralInclude, override=True)


def line_numbers_attribute(node: nodes.Element) -> str | None:
    """The value of reveal.js ``data-line-numbers`` for a literal block, or ``None``.

    ``""`` means numbers without highlight (``:linenos:`` alone); otherwise
    the steps, or the emphasized lines as one step.
    """
    steps = node.get(STEPS_KEY)
    if steps:
        return steps
    lines = (node.get("highlight_args") or {}).get("hl_lines") or []
    if lines:
        return ",".join(_ranges(sorted(set(lines))))
    if node.get("linenos"):
        return ""
    return None


def _ranges(lines: list[int]) -> list[str]:
    """``[2, 4, 5, 6]`` -> ``["2", "4-6"]``."""
    out: list[str] = []
    start = previous = lines[0]
    for line in [*lines[1:], None]:
        if line is not None and line == previous + 1:
            previous = line
            continue
        out.append(str(start) if start == previous else f"{start}-{previous}")
        if line is not None:
            start = previous = line
    return out
