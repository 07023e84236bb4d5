# Tweede Mening. `make run` serves the demo; `make serve` runs the product for production;
# `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_WORKERS ?= 2
# Compiled modules are kept (in __pycache__, ignored by git) even where the shell sets
# PYTHONDONTWRITEBYTECODE: without them every test worker, and every process a test starts,
# compiles the product and rewrites the tests' asserts again (about 10 s each).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run serve test install install-dev migrate demo check lint format typecheck messages clean bench

$(BIN)/activate:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.12 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 12) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.lock
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@ $(VENV)/.base-installed

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

migrate: install
	$(PY) manage.py migrate --no-input

# The local demo (TM_DEMO=true, config/settings.py): plain http on this machine, a secret key generated
# under var/, the documented demo authenticator seed, e-mail printed, but DEBUG off, so a missing page or
# a crash shows the product's own page, never Django's technical one (DJANGO_DEBUG=true brings those back).
demo: migrate
	TM_DEMO=true PORT=$(PORT) $(PY) manage.py load_demo

# The task worker (notifications, rendering) runs beside the web server and stops with it.
run: demo
	export TM_DEMO=true; \
	$(PY) manage.py serve_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production: DJANGO_DEBUG and TM_DEMO are false whatever the environment says, DJANGO_SECRET_KEY is required
# (`python -m config.gunicorn` refuses before anything is migrated), static files collected
# under TM_VAR_DIR/static, gunicorn (config/gunicorn.py) on $(HOST):$(PORT) and a task worker
# beside it that stops with it, started again by config/supervise.py whenever it stops on its own.
serve: export DJANGO_DEBUG = false
serve: export TM_DEMO = false
serve: export HOST := $(HOST)
serve: export PORT := $(PORT)
serve: install
	$(PY) -m config.gunicorn
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) -m config.supervise $(PY) manage.py serve_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config config/gunicorn.py config.wsgi

# Two workers that take over each other's remaining tests (--dist worksteal) rather than each keeping the
# share it was given (the default): a fresh clone on SQLite took 11 min 43 s with the default, then 10 min 6 s.
test: install-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install-dev
	$(BIN)/mypy secondopinion config

check: lint typecheck
	$(PY) manage.py makemigrations --check --dry-run

messages: install-dev
	$(PY) manage.py makemessages -l nl --ignore=.venv --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks (not tests): every bench/*.py in turn.
bench: install-dev
	for script in $$(grep -l '^if __name__ == "__main__":' bench/*.py); do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var/*.sqlite3*
