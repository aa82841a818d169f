# Werkplein: `make demo` and `make test` do every set-up step on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
PORT ?= 8000
BENCH_CLIENTS ?= 10000
BENCH_ITERATIONS ?= 50

.PHONY: install demo test test-fast lint format bench browser-deps

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Bytecode compiled once at install: every process (test workers, live servers, the worker)
# would otherwise compile the libraries it imports anew where .pyc files may not be written.
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	@touch $@

install: $(VENV)/.synced

demo: install
	PORT=$(PORT) $(VENV)/bin/werkplein demo

browser-deps:
	@scripts/ensure-chromium

test: install browser-deps
	$(VENV)/bin/pytest -n auto --dist load

test-fast: install
	$(VENV)/bin/pytest -n auto --dist load -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/werkplein makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The benchmark runs on DATABASE_URL when set, else on its own SQLite file beside the demo's.
BENCH_DATABASE_URL := $(or $(DATABASE_URL),sqlite:///$(CURDIR)/.bench/bench.sqlite3)
# The chat scenario runs a server process beside the bench; they share a channel layer in Redis.
BENCH_REDIS_URL := $(or $(REDIS_URL),redis://127.0.0.1:6379/9)
BENCH_ENV := WERKPLEIN_ALLOW_DEV_SECRET=1 DATABASE_URL=$(BENCH_DATABASE_URL) \
	REDIS_URL=$(BENCH_REDIS_URL)

bench: install
	@mkdir -p .bench
	$(BENCH_ENV) $(VENV)/bin/werkplein migrate --verbosity 0
	$(BENCH_ENV) $(VENV)/bin/werkplein bench --clients $(BENCH_CLIENTS) \
		--iterations $(BENCH_ITERATIONS)
