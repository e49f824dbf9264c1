extensions = ["sphinx_gh_reveal"]
project = "slide links"
exclude_patterns = ["_build", "extra"]
html_extra_path = ["extra"]
