"""The ``import`` command's three steps, each a module of its own.

* :mod:`.scan` reads the Jekyll site, each file once: its courses, their
  chapters, the files they refer to, the asset folders, Jekyll's own files.
* :mod:`.plan` decides, without touching the disk, what goes where in the
  project, what clashes, and what cannot follow (the notes, ``file:line``).
* :mod:`.write` checks the destination against the plan and writes it.

:mod:`sphinx_gh_reveal.cli.import_` is the command line around them.
"""
