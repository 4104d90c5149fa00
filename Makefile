# Two commands: `make` sets up .venv and builds every default output; `make test` sets up
# .venv and runs the tests. Both are idempotent: set-up reruns only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SNAKEMAKE := $(BIN)/snakemake --workflow-profile workflow/profiles/default

.PHONY: all test lint clean

all: $(STAMP)
	$(SNAKEMAKE)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(SNAKEMAKE) --lint

# torch first, pinned to the 2.13.0 CPU wheel, so that nothing pulls a CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf results/* .snakemake
