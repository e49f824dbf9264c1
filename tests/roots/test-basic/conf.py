extensions = ["sphinx_gh_reveal"]
project = "basic"
exclude_patterns = ["_build"]
