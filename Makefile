# Amparo: `make demo` runs the demo network, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
CHROMIUM ?= /usr/bin/chromium
# Tests run on every core, up to 8 (pytest-xdist); each worker has its own test
# database and its own Redis database, 15 down to 8 (conftest.py). worksteal:
# an idle worker takes tests queued for a busy one. Tests marked slow (child
# processes, races) run once, without xdist: in the PostgreSQL pass, or on
# SQLite when PostgreSQL is not reachable.
XDIST ?= -n auto --maxprocesses 8 --dist worksteal

.PHONY: venv demo test test-sqlite test-postgres lint chromium migrate messages clean audit node prod-check

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Browser tests drive Debian's chromium (no browser download); catalogs need gettext; the evidence
# dossier's PDF (WeasyPrint) needs Pango and fonts for every catalog's script: Noto (Latin, Vietnamese,
# Armenian) and Noto CJK (Korean, Chinese).
DEBIAN_PACKAGES := chromium gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk
chromium:
	@{ test -x $(CHROMIUM) && command -v msgfmt >/dev/null && fc-list | grep -q NotoSansCJK \
		&& fc-list | grep -q NotoSansArmenian && ldconfig -p | grep -q libpangoft2; } \
	|| { echo "Installing Debian's $(DEBIAN_PACKAGES)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null) \
		|| { echo "!! could not install $(DEBIAN_PACKAGES): run as root or install them yourself"; exit 1; }; }

# Test-only JavaScript (axe-core for the accessibility test), pinned by package-lock.json into
# node_modules/: outside amparo/static, so it never ships.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

node: node_modules/.installed

messages: venv chromium
	cd amparo && ../$(PY) ../manage.py compilemessages -v0

migrate: venv messages
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_demo
	@echo
	@echo "Amparo demo on http://localhost:8000  (web server and worker; Ctrl-C stops both)"
	@echo "  log in at http://localhost:8000/accounts/login/ as in README.md (Demo logins)"
	@echo
	$(PY) manage.py run_demo --addr 0.0.0.0:8000

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy amparo

test: venv chromium messages node
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy amparo
	$(PY) -m amparo.security.audit_deps requirements.txt var/pip-audit-cache
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: venv
	@echo "=== test suite on SQLite (slow tests: in the PostgreSQL pass) ==="
	AMPARO_BROWSER_TESTS=1 $(PY) -m pytest $(XDIST) -m "not slow"

test-postgres: venv
	@if $(PY) -c "import socket,sys; s=socket.socket(); s.settimeout(2); sys.exit(s.connect_ex(('127.0.0.1',5432)))" \
	 && $(PY) -c "import socket,sys; s=socket.socket(); s.settimeout(2); sys.exit(s.connect_ex(('127.0.0.1',6379)))"; then \
		echo "=== test suite on PostgreSQL, queue on Redis ==="; \
		DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) AMPARO_BROWSER_TESTS=1 $(PY) -m pytest $(XDIST) -m "not slow and not sqlite_pass" \
		&& echo "=== slow tests (child processes, races) on PostgreSQL, queue on Redis, one process ===" \
		&& DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) AMPARO_BROWSER_TESTS=1 $(PY) -m pytest -m slow; \
	elif [ "$$CI" = "true" ]; then \
		echo "!! PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not reachable: CI requires both"; exit 1; \
	else \
		echo; echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!! PostgreSQL or Redis not reachable: the PostgreSQL pass is SKIPPED"; \
		echo "!! (its slow tests run on SQLite instead, so none is dropped)"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "=== slow tests (child processes, races) on SQLite, one process ==="; \
		AMPARO_BROWSER_TESTS=1 $(PY) -m pytest -m slow; \
	fi

# Django's deployment checks under the production settings: any warning fails, and the
# settings themselves refuse default secrets, DEBUG and a non-https URL. Load the
# production environment first (set -a; . /etc/amparo/env; make prod-check).
prod-check: venv
	AMPARO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING

# Known vulnerabilities in requirements.txt fail; an unreachable advisory service is a loud SKIP.
audit: venv
	$(PY) -m amparo.security.audit_deps requirements.txt var/pip-audit-cache

clean:
	rm -rf var/static
