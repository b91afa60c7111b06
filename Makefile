# Liaoyuan — the targets a newcomer guesses. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= 1
STAMP := $(VENV)/.installed

.PHONY: run setup install migrate demo test test-browser lint format messages bench bench-claims bench-fanout bench-import clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

# The demo runs as production does (DEBUG off: the site's own error pages, hashed and compressed static files),
# over plain HTTP on this machine, with a secret key made once under var/. `DEBUG=1 make run` shows Django's
# debug pages instead, for development.
DEMO_SECRET_KEY := var/demo-secret-key
DEMO_ENV = DEBUG=$${DEBUG:-0} SECRET_KEY="$${SECRET_KEY:-$$(cat $(DEMO_SECRET_KEY))}" \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} SECURE_HSTS_SECONDS=$${SECURE_HSTS_SECONDS:-0} \
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} CSRF_COOKIE_SECURE=$${CSRF_COOKIE_SECURE:-0}

$(DEMO_SECRET_KEY):
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(60))' > $@

setup: install $(DEMO_SECRET_KEY)
	$(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

## make run: install, migrate, load the demo city, start web + Celery worker + beat (Ctrl-C stops all).
run: setup
	$(BIN)/python manage.py seed_demo --scale $(SCALE)
	@echo "Liaoyuan: http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker and beat)"
	PORT=$(PORT) $(DEMO_ENV) $(BIN)/honcho start -f Procfile.dev

## make test: the whole suite (DATABASE_URL / REDIS_URL select PostgreSQL and Redis).
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -q -n auto $(PYTEST_ARGS)

## make test-browser: the journeys in Debian's Chromium alone, screenshots in var/screenshots/ (`make test` runs them
## too when Chromium is installed: apt-get install chromium fonts-noto-cjk).
test-browser: install
	rm -rf var/screenshots
	REQUIRE_BROWSER=1 $(BIN)/pytest -q tests/browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: refresh the translation catalogues and compile them.
messages: install
	$(BIN)/python manage.py makemessages --locale zh_Hans --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

## make bench: timings, queries and sizes of every app's pages (<app>/bench.py) and every API list on the demo city.
## Scales side by side on PostgreSQL, one database per scale:
##   BENCH_SCALES=1,10 BENCH_DATABASE_URL='postgres://postgres@127.0.0.1:5432/liaoyuan_bench{scale}' make bench
## Results in var/bench/ (results.json, results.md, scales.svg); BENCH_DOCS=1 updates docs/performance.md.
bench: setup
	$(BIN)/python -m benchmarks

## make bench-import: time and memory of importing a workbook of 10,000 needs (check, then write).
bench-import: install
	$(BIN)/python -m benchmarks.ledger_import

## make bench-claims: claim throughput under contention on PostgreSQL (BENCH_DATABASE_URL=postgres://…).
bench-claims: install
	$(BIN)/python -m benchmarks.claims

## make bench-fanout: time of the review reminders' fan-out for 1,000 / 10,000 / 100,000 organisations.
bench-fanout: install
	$(BIN)/python -m benchmarks.fanout

clean:
	rm -rf $(VENV) var staticfiles
