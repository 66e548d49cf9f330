# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make demo   runs the main job on the data shipped inside the package
#   make test   runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt

.PHONY: help install test test-all demo lint format docs benchmarks clean

help:
	@echo "make demo | test | lint | format | docs | benchmarks | clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the project's metadata or pins change.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e ".[tests,docs]"
	touch $@

install: $(VENV)/.installed

test: install
	$(BIN)/python -m pytest

test-all: install
	$(BIN)/python -m pytest --runslow

demo: install
	$(BIN)/sksynth demo $(DEMO_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

docs: install
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html
	@echo "Site written to docs/_build/html/index.html"

benchmarks: install
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/paper_table2.py

clean:
	rm -rf $(VENV) docs/_build docs/auto_examples docs/generated sksynth-demo .pytest_cache
