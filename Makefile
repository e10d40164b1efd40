PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint fmt bench bench-quick

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q --disable-pip-version-check -r requirements.txt && touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt && touch $@

run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate && $(BIN)/python manage.py seed --if-empty
	$(BIN)/streamlit run server.py --server.address 127.0.0.1 --server.port $(PORT)

# Two workers (this machine has two cores); a test file stays on one worker, so each browser
# module starts its one server once.
test: $(VENV)/.dev lint
	$(BIN)/pytest -n 2 --dist loadfile

# Demo against national scale (100,000 measures, 1,000,000 history rows), side by side; exits 1
# when a target is missed. The large database is made once into .bench/ (about 40 s).
bench: $(VENV)/.dev
	$(BIN)/python benchmarks/bench.py

# CI's variant: demo against 20,000 measures, the same ratios with a margin for a shared machine.
bench-quick: $(VENV)/.dev
	$(BIN)/python benchmarks/bench.py --quick

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

fmt: $(VENV)/.dev
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .
