extensions = ["sphinx_gh_reveal"]
exclude_patterns = ["_build"]
