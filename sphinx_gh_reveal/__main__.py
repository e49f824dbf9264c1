"""``python -m sphinx_gh_reveal``: the same as the ``sphinx-gh-reveal`` command."""

import sys

from sphinx_gh_reveal.cli.__main__ import main

sys.exit(main())
