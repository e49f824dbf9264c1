extensions = ["sphinx_gh_reveal"]
project = "science"
exclude_patterns = ["_build"]
