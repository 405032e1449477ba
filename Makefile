# Two commands for a fresh machine: `make run` and `make test`. Both are safe to repeat.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/qadam.po))

# One test worker per core and one more: about a third of the suite's time is spent
# waiting (Chromium, child processes starting, the console's polls), not computing; on two
# cores, three workers ran the browser tests in 173 s where two took 293 s. Each worker has
# its own databases. `make check PYTEST_JOBS=` runs the tests in one process.
PYTEST_JOBS ?= -n $(shell echo $$(( $$(nproc) + 1 )))
# The inner loop leaves out what needs Chromium or starts a process (markers of those names).
FAST_TESTS := -m "not browser and not process"

.PHONY: run check test lint types flows-check tests-fast setup browser extract-messages

run: setup
	$(BIN)/qadam migrate
	$(BIN)/qadam sandbox

# The inner loop, also run before each commit by .pre-commit-config.yaml.
check: lint types flows-check tests-fast

# Everything, and the share of bot/ and admin/ the tests ran (a figure, not a gate).
test: setup browser lint types flows-check
	$(BIN)/pytest $(PYTEST_JOBS) --cov --cov-report=
	@echo "coverage of bot/ and admin/ (in the test processes): $$($(BIN)/coverage report --format=total)%"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: setup
	$(BIN)/mypy

flows-check: setup
	$(BIN)/qadam flows check flows

tests-fast: setup
	$(BIN)/pytest $(PYTEST_JOBS) $(FAST_TESTS)

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
	$(BIN)/pybabel update -i locales/qadam.pot -d locales -D qadam --no-fuzzy-matching --ignore-obsolete
