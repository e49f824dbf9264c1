# A project with an ordinary sphinx-revealjs deck and an ordinary page.
extensions = ["myst_parser", "sphinx_revealjs"]
project = "Existing deck"
exclude_patterns = ["_build"]
revealjs_script_plugins = [
    {"name": "RevealNotes", "src": "revealjs/plugin/notes/notes.js"},
]
