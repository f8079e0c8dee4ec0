# Cohorte: two commands. `make run` starts it on embedded defaults, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# DEMO=0 starts an empty instance, which opens on its first-run setup (/installation/).
DEMO ?= 1

.PHONY: run test lint format bench prod-like

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py setup_roles
	if [ "$(DEMO)" != 0 ]; then $(BIN)/python manage.py demo --if-empty; fi
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py serve

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The production layout on this machine: nginx, gunicorn, task workers, PostgreSQL, Redis, S3.
prod-like: $(STAMP)
	$(BIN)/python deploy/prod_like.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
