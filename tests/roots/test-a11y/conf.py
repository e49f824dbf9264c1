extensions = ["sphinx_gh_reveal"]
project = "a11y"
exclude_patterns = ["_build"]
gh_reveal_plugins = ["notes", "highlight", "zoom"]
