extensions = ["sphinx_gh_reveal"]
exclude_patterns = ["_build"]
gh_reveal_courses = ["pattern/*"]
