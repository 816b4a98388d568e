PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: setup run test lint bench clean i18n

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
	$(BIN)/python bench/room_bench.py
	$(BIN)/python bench/workshop_room.py

# Gettext catalogs (Babel): extract the msgids, merge them into the Chinese catalog, copy the
# glossary terms (acumen/locale/terms.csv) into it, compile the .mo the app loads.
i18n: setup
	$(BIN)/pybabel extract -F babel.cfg -o acumen/locale/acumen.pot --project=Acumen --add-comments=Translators: --sort-by-file .
	$(BIN)/pybabel update -i acumen/locale/acumen.pot -d acumen/locale -D acumen -l zh_CN --no-fuzzy-matching
	$(BIN)/python tools/i18n.py parts
	$(BIN)/python tools/i18n.py terms
	$(BIN)/python tools/i18n.py compile
	$(BIN)/python tools/i18n.py coverage

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
