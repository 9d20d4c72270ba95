# Two commands: `make run` serves the app with demo data; `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint format migrate demo messages bench e2e wheels clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt packages/spc/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy qicommons
	cd packages/spc && ../../$(BIN)/mypy --config-file pyproject.toml

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The suite runs in one process per core (pytest-xdist), each with its own test database,
# live server and media folder; `make test PYTEST_WORKERS=0` runs it in this process.
PYTEST_WORKERS ?= auto
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Build the spc and app wheels and install them in a clean temporary venv (CI runs this).
wheels: setup
	PYTHON=$(BIN)/python .ci/wheels

# Browser journeys only (they also run inside `make test`).
e2e: setup
	$(BIN)/python -m pytest e2e $(PYTEST_ARGS)

# The peer package the SPC benchmark compares with is installed only for benchmarks.
bench: setup
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python -m benchmarks $(BENCH)

# Re-extract the translatable strings into the French, Portuguese and Spanish catalogues
# (qicommons/locale), dropping strings no longer used, and compile them to the .mo files
# that are committed beside them. Needs GNU gettext; see docs/languages.md.
LOCALES := fr pt es
messages: setup
	cd qicommons && $(abspath $(BIN))/python ../manage.py makemessages $(LOCALES:%=--locale=%) \
		--no-obsolete --add-location=file --ignore=tests
	cd qicommons && $(abspath $(BIN))/python ../manage.py compilemessages $(LOCALES:%=--locale=%)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
