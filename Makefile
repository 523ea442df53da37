# The project's commands. `make run` serves the demo; `make test` runs the suite.
# Everything is installed into the project folder (.tools for uv, .venv for Python packages).

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell command -v $(PYTHON))
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: run install system-deps migrate demo serve worker test lint clean

run: install migrate demo serve  ## install, migrate, load the demo province, serve on 127.0.0.1:8000

$(UV):
	@scripts/bootstrap-uv.sh "$(PYTHON)" "$(UV_VERSION)"

install: $(UV) system-deps
	@$(UV) sync --frozen --quiet
	@echo "Python packages installed in $(VENV)"

system-deps:
	@scripts/system-deps.sh

migrate: install
	@$(PY) manage.py migrate --no-input -v 0
	@echo "Database migrated"

demo: migrate
	@$(PY) manage.py load_demo

serve:
	@$(PY) manage.py print_demo_logins
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	@$(PY) manage.py runserver 127.0.0.1:8000

worker: install  ## run background tasks (notifications; later the national-portal sync)
	@$(PY) manage.py db_worker

test: install  ## the whole suite, on DATABASE_URL (embedded SQLite when unset)
	@scripts/system-deps.sh test
	@$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy config motcua
	@$(VENV)/bin/lint-imports
	@$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .tools var .pytest_cache .mypy_cache .ruff_cache
