"""``sphinx-gh-reveal`` / ``python -m sphinx_gh_reveal``: dispatch to a subcommand.

Each subcommand module offers ``add_parser(subparsers)``, which registers its
arguments and sets ``run`` (a function of the parsed arguments returning the
exit status). Modules are imported only when the command line is built, so
``import sphinx_gh_reveal`` stays light for Sphinx.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__

#: Subcommand name -> module providing ``add_parser``.
COMMANDS = {
    "check": "sphinx_gh_reveal.cli.check",
    "import": "sphinx_gh_reveal.cli.import_",
    "pdf": "sphinx_gh_reveal.cli.pdf",
    "bundle": "sphinx_gh_reveal.cli.bundle",
    "preview": "sphinx_gh_reveal.cli.preview",
}


def build_parser() -> argparse.ArgumentParser:
    """The full command line, with every subcommand that is installed."""
    parser = argparse.ArgumentParser(
        prog="sphinx-gh-reveal",
        description="Tools for gh-reveal courses built with Sphinx.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS.values():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue  # a subcommand still being written
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
