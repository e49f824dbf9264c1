# A Jupyter-Book style project: myst-nb and sphinx-design. The tests add
# sphinx_gh_reveal before or after them (-D extensions=...), or not at all.
extensions = ["myst_nb", "sphinx_design"]
nb_execution_mode = "off"
project = "Notebooks"
exclude_patterns = ["_build"]
# Without the extension the course is a plain page whose headings start
# at H2; no kernel is installed to name the notebooks' lexer.
suppress_warnings = ["myst.header", "myst-nb.lexer"]
