# Two commands for a fresh machine: `make run` and `make test`. Both are safe to repeat.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/qadam.po))

.PHONY: run test setup lint check-catalogs browser extract-messages

run: setup
	$(BIN)/qadam migrate
	$(BIN)/qadam sandbox

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/qadam flows check flows
	$(BIN)/pytest

setup: $(STAMP) $(CATALOGS)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Qadam needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

locales/%/LC_MESSAGES/qadam.mo: locales/%/LC_MESSAGES/qadam.po $(STAMP)
	$(BIN)/pybabel compile --statistics -d locales -D qadam -l $*

# Browser tests drive Debian's Chromium; Playwright cannot download its own here.
browser:
	@bash scripts/ensure-chromium

# After changing interface strings: refresh the template and every catalog.
extract-messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1,2 --no-location --sort-output \
		--project=qadam -o locales/qadam.pot bot
	$(BIN)/pybabel update -i locales/qadam.pot -d locales -D qadam --no-fuzzy-matching
