# A small documentation project with two courses, built under every theme
# the tests check (the tests set html_theme).
extensions = ["sphinx_gh_reveal"]
project = "Real project"
exclude_patterns = ["_build"]
