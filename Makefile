# Two commands on a fresh clone: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PORT ?= 8000
HOST ?= 127.0.0.1
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

# The first interpreter that really runs and is Python >= 3.12: versions on
# PATH first (a pyenv shim on PATH can exist yet fail), then pyenv's own.
# Set PYTHON=/path/to/python3.12 to choose one yourself.
PYTHON ?= $(shell for candidate in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v $$candidate; break; fi; done)

NODE_STAMP := node_modules/.installed
# Extra pytest options, e.g. PYTEST_ARGS="-p no:randomly" (CI) or "-m 'not browser'".
PYTEST_ARGS ?=

.PHONY: run serve test lint lock check-deploy bench audit clean

# Installs exactly the locked versions, each checked against its hash
# (requirements-dev.txt: the site's dependencies and the tools; `make lock` writes it).
$(STAMP): requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
	  echo "No Python 3.12 or newer found. Install one (for example 'pyenv install 3.12'"; \
	  echo "or your system's python3.12 package), or run: make PYTHON=/path/to/python3.12"; \
	  exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $(STAMP)

# Pin every dependency (and theirs) with hashes from the ranges in pyproject.toml:
# requirements.txt for production, requirements-dev.txt for development and CI.
# Run after changing a dependency, and commit both files.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --output-file=requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --extra dev --output-file=requirements-dev.txt pyproject.toml

run: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_starter_content
	@echo ""
	@echo "  The site is at http://$(HOST):$(PORT)/"
	@echo "  To edit content, create an editor account in another terminal:"
	@echo "      DJANGO_DEBUG=1 $(PY) manage.py createsuperuser"
	@echo "  then sign in at http://$(HOST):$(PORT)/admin/"
	@echo ""
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

serve: $(STAMP)
	@if [ -z "$$DJANGO_SECRET_KEY" ] || [ -z "$$DJANGO_ALLOWED_HOSTS" ]; then \
	  echo "make serve runs with production settings and needs DJANGO_SECRET_KEY and"; \
	  echo "DJANGO_ALLOWED_HOSTS, for example:"; \
	  echo "  DJANGO_SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') \\"; \
	  echo "  DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1 make serve"; \
	  exit 1; fi
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py load_starter_content
	DJANGO_DEBUG=0 HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) exec deploy/serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/mypy articles therapies history common config manage.py

# axe-core for the accessibility tests, Lighthouse for `make audit` (npm registry).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP) lint
	DJANGO_DEBUG=1 $(PY) manage.py check --fail-level WARNING
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Requests per second of the key pages as ratios to /healthz (see tools/bench.py).
bench: $(STAMP)
	$(PY) tools/bench.py

# The deployment checklist with production-like values.
check-deploy: $(STAMP)
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=therapies.example.org DJANGO_TRUSTED_PROXIES=127.0.0.1 \
	$(PY) manage.py check --deploy --fail-level WARNING

# Lighthouse scores of the main pages (see tools/audit.py).
audit: $(STAMP) $(NODE_STAMP)
	$(PY) tools/audit.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache test-artifacts
