# shiftplan: `make run` starts the web app, `make test` runs ruff, mypy and the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run example test bench bench-samples bench-web samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The web app on http://127.0.0.1:8000 with the samples loaded (data in var/shiftplan.db).
run: $(STAMP)
	$(BIN)/shiftplan serve --host 127.0.0.1 --port 8000

# The command line on the seed sample: solves it and writes out/rota.xlsx.
example: $(STAMP)
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

# The JSON API against a live server on loopback: latency for the 21-agent sample, solve pool sharing.
bench-web: $(STAMP)
	$(BIN)/python -m benchmarks.web

# Draft the next database migration after changing api/storage/tables.py: make migration name="..."
migration: $(STAMP)
	$(BIN)/python -m api.storage.migrate "$(name)"

clean:
	rm -rf $(VENV) out .mypy_cache .pytest_cache .ruff_cache
