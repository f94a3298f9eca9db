# shiftplan: `make run` solves the seed sample, `make test` runs ruff, mypy and the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-samples samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/shiftplan solve samples/call_centre_seed.xlsx --start 2026-12-07 --weeks 3 --out out/rota.xlsx

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/pytest

samples: $(STAMP)
	$(BIN)/python -m samples.build

# Public benchmarks from ../shared/benchmarks (Curtois and RWS); slow, so not part of `make test`.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --time-limit 60 --workers 2

bench-samples: $(STAMP)
	$(BIN)/python -m benchmarks.samples --time-limit 60 --workers 2

clean:
	rm -rf $(VENV) out .mypy_cache .pytest_cache .ruff_cache
