extensions = ["sphinx_gh_reveal"]
project = "i18n-corpus"
exclude_patterns = ["_build"]
locale_dirs = ["locales"]
# The course is copied in from the shared corpus by the test (never stored here).
