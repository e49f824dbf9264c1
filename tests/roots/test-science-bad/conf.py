extensions = ["sphinx_gh_reveal"]
project = "science-bad"
exclude_patterns = ["_build"]
