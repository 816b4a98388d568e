PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: setup run test lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

test: setup
	$(BIN)/ruff check acumen pages app.py tests bench
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check --fix acumen pages app.py tests bench
	$(BIN)/ruff format acumen pages app.py tests bench

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/metrics_bench.py
	$(BIN)/python bench/app_bench.py
	$(BIN)/python bench/workshop_load.py
	$(BIN)/python bench/load_bench.py
	$(BIN)/python bench/edgar_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
