extensions = ["sphinx_gh_reveal"]
project = "bundle"
exclude_patterns = ["_build"]
gh_reveal_single_file = True
revealjs_static_path = ["_static"]
html_static_path = ["_static"]
revealjs_css_files = ["course.css"]
