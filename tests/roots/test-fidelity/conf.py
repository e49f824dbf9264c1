extensions = ["sphinx_gh_reveal"]
project = "fidelity"
exclude_patterns = ["_build"]
