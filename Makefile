# Two commands for a fresh machine: `make run` and `make test`. Both make .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export WORKSHOP_DB ?= $(CURDIR)/workshop.db
# Where `make run` listens: this machine's address on its network, so that phones can join
# (IP=127.0.0.1 keeps the room to this computer, for a try on your own).
IP ?= auto

.PHONY: run lab test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The live workshop: one server for the attendees, the big screen and the remote (default content,
# answers in workshop.db), on this machine's network address so that phones can join.
run: $(STAMP)
	$(BIN)/workshop serve --db "$(WORKSHOP_DB)" --ip "$(IP)"

# The notebooks one by one in JupyterLab (trainers, coaching managers, solo attendees).
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check workshop tests benchmarks
	$(BIN)/ruff format --check workshop tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# On every core (pytest-xdist), in the order of tests/conftest.py's tiers, a file at a time
# where its tests share a served room (see pytest_collection_modifyitems there).
# JOBS=0 runs it all in this one process.
JOBS ?= auto
pytest: $(STAMP)
	$(BIN)/pytest -n $(JOBS) --dist loadgroup --no-loadscope-reorder --durations=20

test: lint typecheck pytest

# Every benchmark at full size (the join storm alone runs eight setups of up to 5,000 phones:
# well over 15 minutes on 2 cores); BENCH_QUICK=1 runs them smaller.
bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
