# Two commands for a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE   ?= .
OUTPUT ?= build

.PHONY: build test check serve bench bench-extraction bench-dating lint layers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.core
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.bench: pyproject.toml $(VENV)/.test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

build: $(VENV)/.core
	$(BIN)/sana-archive build --site $(SITE) --output $(OUTPUT)

check: $(VENV)/.core
	$(BIN)/sana-archive check --site $(SITE)

serve: $(VENV)/.core
	$(BIN)/sana-archive serve --site $(SITE) --output $(OUTPUT)

lint: $(VENV)/.test
	$(BIN)/ruff check src tests benchmarks

# The import contracts of pyproject.toml ([tool.importlinter]; README "Layers").
layers: $(VENV)/.test
	$(BIN)/lint-imports --no-logo --no-cache

test: $(VENV)/.test lint layers
	$(BIN)/python -m pytest -q

bench-extraction: $(VENV)/.core
	$(BIN)/python benchmarks/extraction.py

bench-dating: $(VENV)/.core
	$(BIN)/python benchmarks/dating.py $(BENCH_ARGS)

bench: $(VENV)/.bench
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(OUTPUT) .$(OUTPUT).staging .$(OUTPUT).old .sana-cache benchmarks/work
