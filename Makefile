# Two commands on a fresh machine: `make run` serves the app, `make test` runs every test.
# Everything the project needs is installed by these targets into the project folder
# (.venv, .tools) or, for the tests' system packages, from Debian.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
BUN_VERSION := 1.4.5
AXE_VERSION := 4.14.1
AXE := $(TOOLS)/node_modules/axe-core/axe.min.js
UV_VERSION := 0.13.9
UV := $(BIN)/uv pip install -q --python $(BIN)/python
PG_BIN := /usr/lib/postgresql/15/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Where `make run` / `make dev` listen: http://localhost:$(PORT). HOST=0.0.0.0 to serve the network.
PORT ?= 3000
HOST ?= 127.0.0.1

# Reflex 0.10 needs bun >= 1.4.4 (Node 20 is too old); the npm package ships the binary.
export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(CURDIR)/$(BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run dev test lock bench-ws bench-db bench-browser install install-dev system-test-deps migrate seed clean

# The production build (minified JS, served with the backend by Granian on one port). Only pages
# from APP_BASE_URL may open the websocket; set it to the address people use (HOST=0.0.0.0).
run: export APP_BASE_URL ?= http://localhost:$(PORT),http://127.0.0.1:$(PORT)
run: install migrate seed
	$(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-host $(HOST) --loglevel warning

# Hot reload while developing: Vite on $(PORT), the backend on :8000.
dev: install migrate seed
	$(BIN)/reflex run --env dev --frontend-port $(PORT) --backend-host $(HOST) --loglevel warning

# The gates, then the suite under coverage: lint and format (ruff), types (mypy, strict where
# [tool.mypy] says), and at least 90 % of the
# lines of the domains (core/ and each part's domain/) run by the tests; the whole figure is shown.
DOMAINS := workflow_app/core/*,workflow_app/*/domain/*
test: install-dev system-test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest --cov --cov-report=
	$(BIN)/coverage report --format=total | sed 's/^/Lines covered, whole app: /; s/$$/ %/'
	$(BIN)/coverage report --include='$(DOMAINS)' --skip-covered --fail-under=90

# Reproducible installs: the locks pin every package with its hashes (`make lock` renews them).
lock: $(VENV)/bin/python
	$(BIN)/uv pip compile -q pyproject.toml --generate-hashes --universal --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --generate-hashes --universal --python-version 3.11 -o requirements-dev.lock

install: $(VENV)/.app-installed $(TOOLS)/node_modules/.bin/bun

install-dev: install $(VENV)/.dev-installed $(AXE)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q uv==$(UV_VERSION) 2>&1 | { grep -v "is ignored" || true; }

$(VENV)/.app-installed: pyproject.toml requirements.lock | $(VENV)/bin/python
	$(UV) --require-hashes -r requirements.lock
	$(UV) --no-deps -e .
	$(BIN)/python -c "import reflex, sqlmodel, alembic, bcrypt, psycopg"
	touch $@

$(VENV)/.dev-installed: pyproject.toml requirements-dev.lock $(VENV)/.app-installed
	$(UV) --require-hashes -r requirements-dev.lock
	$(BIN)/python -c "import pytest, playwright, aiosmtpd, aiohttp, ruff, pytest_cov, mypy"
	touch $@

# One npm call for both: a later `npm install --no-save` in the same folder removes what it did
# not name. axe-core is injected into every page by the browser tests' accessibility check.
$(TOOLS)/node_modules/.bin/bun $(AXE) &:
	mkdir -p $(TOOLS)
	cd $(TOOLS) && npm install --silent --no-audit --no-fund --no-save bun@$(BUN_VERSION) axe-core@$(AXE_VERSION)
	$(TOOLS)/node_modules/.bin/bun --version
	test -s $(AXE)

# Debian's chromium drives the browser tests; PostgreSQL 15 runs the domain suite a second time;
# redis-server backs the two-worker scale-out test (started on loopback by the test itself).
system-test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	[ -x $(PG_BIN)/initdb ] || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		echo "Installing from Debian:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

# Socket.io load benchmarks against prod backends on loopback (bench/README.md); writes bench/RESULTS.md.
bench-ws: install-dev system-test-deps
	$(BIN)/python -m bench.ws

# Domain queries at a million rows vs their own SQL, SQLite and a throwaway PostgreSQL (bench/README.md);
# writes bench/RESULTS-db.md. `.venv/bin/python -m bench.db --size small --no-write` for a quick look.
bench-db: install-dev system-test-deps
	$(BIN)/python -m bench.db --size full

# Each page per role, navigation → data visible, in Chromium against the production build (bench/README.md);
# writes bench/RESULTS-browser.md. `.venv/bin/python -m bench.browser --quick --no-write` for a smoke check.
bench-browser: install-dev system-test-deps
	$(BIN)/python -m bench.browser

migrate: install
	$(BIN)/python -m workflow_app.cli migrate

seed: install
	$(BIN)/python -m workflow_app.cli seed

clean:
	rm -rf $(VENV) $(TOOLS) .web .states
