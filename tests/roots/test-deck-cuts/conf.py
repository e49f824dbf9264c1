extensions = ["sphinx_gh_reveal"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
