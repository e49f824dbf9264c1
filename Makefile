# Developer entry points for sphinx-gh-reveal.  Run `make` (or `make help`).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Extra arguments for pytest, e.g. `make test PYTEST_ARGS='-k slides -x'`.
PYTEST_ARGS ?=
# Extra arguments for benchmarks/preview.py, e.g. `make bench PREVIEW_BENCH_ARGS='--only docs'`.
PREVIEW_BENCH_ARGS ?=
# Extra arguments for tox, e.g. `make tox TOX_ARGS='-e py311-sphinx90'`.
TOX_ARGS ?=

# tox looks for python3.11 / python3.12 / python3.13 on PATH.  pyenv's shims
# only answer for the active version, so put pyenv's interpreters (if present)
# in front of PATH; 3.11 first so a bare `python3` stays the default one.
PYENV_ROOT ?= $(HOME)/.pyenv
PYENV_BINS := $(wildcard $(PYENV_ROOT)/versions/3.11*/bin $(PYENV_ROOT)/versions/3.12*/bin $(PYENV_ROOT)/versions/3.13*/bin)
empty :=
space := $(empty) $(empty)
TOX_PATH := $(subst $(space),:,$(strip $(PYENV_BINS) $(PATH)))

.DEFAULT_GOAL := help

.PHONY: help venv lint test test-fast demo docs bench clean distclean tox

help: ## Show this list of targets
	@echo "Targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) \
	  | sed -E 's/^([a-zA-Z_-]+):.*## (.*)$$/\1|\2/' \
	  | awk -F'|' '{ printf "  %-10s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: PYTHON=$(PYTHON)  PYTEST_ARGS='$(PYTEST_ARGS)'  TOX_ARGS='$(TOX_ARGS)'"

venv: $(STAMP) ## Create .venv and install the project editable with [test,docs,lint]

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install -e '.[test,docs,lint]'
	touch $(STAMP)

lint: venv ## ruff (lint rules and formatting) and mypy over the package
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy

test: lint ## Lint, then run the whole test suite (extra pytest args via PYTEST_ARGS=...)
	$(BIN)/python -m pytest -q tests $(PYTEST_ARGS)

test-fast: venv ## The suite without the browser and property tests (day-to-day work)
	$(BIN)/python -m pytest -q tests -m "not browser and not property" $(PYTEST_ARGS)

demo: venv ## Build docs/ as reveal.js slides and as HTML; print the example course URLs
	$(BIN)/sphinx-build -b revealjs docs docs/_build/revealjs
	$(BIN)/sphinx-build -b html docs docs/_build/html
	@echo
	@echo "Example course, as slides:    file://$(CURDIR)/docs/_build/revealjs/example-course.html"
	@echo "Example course, as HTML page: file://$(CURDIR)/docs/_build/html/example-course.html"
	@echo "(the HTML build also holds the slides: file://$(CURDIR)/docs/_build/html/slides/example-course.html)"

docs: venv ## Build the HTML docs, failing on any warning
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

tox: venv ## Run tox across the Python/Sphinx matrix in tox.ini (TOX_ARGS=...)
	@test -x $(BIN)/tox || $(BIN)/pip install --quiet 'tox>=4'
	PATH='$(TOX_PATH)' $(BIN)/tox $(TOX_ARGS)

bench: venv ## Run the benchmarks (results as a table; see docs/performance.md)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/preview.py $(PREVIEW_BENCH_ARGS)

clean: ## Remove build output and caches (keeps .venv)
	rm -rf docs/_build .pytest_cache .hypothesis build dist benchmarks/_work _readthedocs
	find . -path ./$(VENV) -prune -o -path ./.tox -prune -o -path ./.git -prune -o \
	  \( -name '*.egg-info' -o -name __pycache__ \) -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv and .tox
	rm -rf $(VENV) .tox
