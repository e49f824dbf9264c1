# A course written in French, translated into English with gettext.
#   sphinx-build -b gettext . _build/gettext             # the .pot catalogs
#   sphinx-build -b revealjs -D language=en . _build/en  # the English deck
extensions = ["sphinx_gh_reveal"]
project = "i18n-example"
exclude_patterns = ["_build"]
language = "fr"
locale_dirs = ["locales"]
