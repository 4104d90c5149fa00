# Two commands: `make` sets up .venv and builds every default output; `make test` sets up
# .venv and runs the tests. Both are idempotent: set-up reruns only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SNAKEMAKE := $(BIN)/snakemake --workflow-profile workflow/profiles/default

.PHONY: all test lint report browser clean

all: $(STAMP)
	$(SNAKEMAKE)

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The HTML report of what `make` built (a .zip works too: `--report results/report.zip`).
report: $(STAMP)
	$(SNAKEMAKE) --report results/report.html

# The report test opens the report in Debian's chromium; install it where missing and allowed
# (root with apt), else that one test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get \
	  >/dev/null 2>&1 && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium not installed: the browser test of the report will be skipped"

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
