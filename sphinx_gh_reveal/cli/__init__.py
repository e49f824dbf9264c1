"""The ``sphinx-gh-reveal`` command: one module per subcommand."""
