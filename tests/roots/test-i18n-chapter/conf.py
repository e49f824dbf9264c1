extensions = ["sphinx_gh_reveal"]
project = "i18n-chapter"
exclude_patterns = ["_build"]
language = "fr"
locale_dirs = ["locales"]
