# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres lint bench messages system-packages install

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Run the application on its embedded defaults (SQLite, Celery eager, demo centre loaded).
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --dossier-in-background
	@echo ""
	@echo "  打开 / Open:  http://127.0.0.1:8000/"
	@echo "  演示账号 / demo logins (password: demo12345):"
	@echo "    office  标准化办公室   auditor 内审员   manager 管理层"
	@echo "    head    部门负责人     admin   系统管理员"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## Run the whole test suite: system packages (Chromium, LibreOffice, CJK fonts), lint, then
## the tests on SQLite and on PostgreSQL (127.0.0.1:5432), with a real Celery worker over Redis.
test: $(STAMP) system-packages
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: $(STAMP)
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(VENV)/bin/pytest -q

# The LibreOffice checks do not depend on the database: they run on the SQLite run only.
test-postgres: $(STAMP)
	QMS_SKIP_LIBREOFFICE=1 QMS_SKIP_BROWSER=1 DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/qms} $(VENV)/bin/pytest -q

system-packages:
	bash scripts/system-packages.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) bench/run.py

messages: $(STAMP)
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv
