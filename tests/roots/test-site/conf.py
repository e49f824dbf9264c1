extensions = ["sphinx_gh_reveal"]
project = "site"
exclude_patterns = ["_build"]
