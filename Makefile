# plan-tracker: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2
# Tests and checks run with DEBUG off, as in production; they need some secret key.
CHECK_ENV := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-insecure-test-key}
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
comma := ,

.PHONY: install run setup test lint format messages bench accuracy clean

install: $(INSTALLED)

$(INSTALLED): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

setup: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_plans
	$(DEV_ENV) $(PY) manage.py create_demo_accounts
	$(DEV_ENV) $(PY) manage.py create_demo_families

run: setup
	@echo ""
	@echo "plan-tracker is starting on http://$(HOST):$(PORT)/"
	@echo "  admin:    http://$(HOST):$(PORT)/admin/   (logins above)"
	@echo ""
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(CHECK_ENV) $(PY) -m pytest -n $(TEST_WORKERS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(CHECK_ENV) $(PY) -m mypy
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: install
	cd $(CURDIR) && $(DEV_ENV) $(PY) manage.py makemessages -l zh_Hans --no-obsolete --add-location file \
		--ignore .venv --ignore staticfiles
	$(DEV_ENV) $(PY) manage.py compilemessages -l zh_Hans --ignore .venv

# Benchmarks on generated province-scale data (see bench/); BENCH=api,reports to pick some,
# SCALE=10 for the 60,000-indicator province.
bench: install
	$(CHECK_ENV) $(PY) -m bench $(if $(SCALE),--scale $(SCALE)) $(subst $(comma), ,$(BENCH))

# Importer precision and recall against the hand-checked fixtures, per document and kind.
accuracy: install
	$(CHECK_ENV) $(PY) manage.py import_accuracy

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
