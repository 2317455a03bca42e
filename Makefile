# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check build system-deps clean bench

run: $(STAMP) system-deps
	$(BIN)/sistercity build
	$(BIN)/sistercity answer
	$(BIN)/sistercity release
	$(BIN)/sistercity docs
	$(BIN)/sistercity export all
	$(BIN)/sistercity figures

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

# The fast tier for people who change the code: every test that needs no world build, on
# every core (pytest-xdist; each worker makes its own session fixtures).
check: $(STAMP) system-deps
	$(BIN)/python -m pytest -m "not slow" -n auto

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Tools outside PyPI: Java for HermiT (owlready2), Graphviz for DOT, Chromium for the HTML test.
system-deps:
	@sh scripts/system-deps.sh

bench: $(STAMP) system-deps
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf dist .cache
