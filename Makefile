# Baruga: `make run` starts the product (embedded SQLite, demo data, web + worker);
# `make test` runs the whole test suite. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast browsers messages check clean

$(VENV)/.installed-run: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(PY) scripts/run.py --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test browsers
	$(PY) -m pytest

# Unit and page tests without the headless browser.
test-fast: $(VENV)/.installed-test
	$(PY) -m pytest -m "not browser"

# Debian's Chromium for the end-to-end tests (Playwright drives it; it never downloads a browser).
browsers:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium.sh

messages: $(VENV)/.installed-test
	$(PY) manage.py makemessages -l en --no-location -i ".venv/*" -i "var/*" -i "test-artifacts/*"
	$(PY) manage.py compilemessages -l en -i ".venv" -i "var"

# The import layers, then the production settings' deployment checks, against a database that does not exist yet: they judge
# the configuration. Checks of an installation's data (clocks.W001: next year's holiday decree not
# loaded) speak when `manage.py check --deploy` runs against that installation's database.
# The layers (.importlinter, docs/architecture.md "Layers") come first: a broken contract fails the check.
check: $(VENV)/.installed-test
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	mkdir -p var
	DATABASE_URL=sqlite:///$(CURDIR)/var/check-empty.sqlite3 \
	DJANGO_SETTINGS_MODULE=baruga.settings_production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(60))') \
		BARUGA_DATA_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet;print(Fernet.generate_key().decode())') \
		BARUGA_AUDIT_KEYS=$$($(PY) -c 'import base64,secrets;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())') \
		AUDIT_ANCHOR_FILE=$(CURDIR)/var/audit-anchors.jsonl \
		ALLOWED_HOSTS=baruga.example.id SITE_URL=https://baruga.example.id $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
