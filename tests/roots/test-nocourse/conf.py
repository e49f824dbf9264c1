# A project with no course: adding sphinx_gh_reveal must change nothing.
extensions = ["myst_parser"]
project = "No course"
exclude_patterns = ["_build"]
