# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# `make run PORT=8080`: the port to serve on; links in mail point there unless SITE_URL is set.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
# `make serve WORKERS=4`: how many task workers run beside the web processes.
WORKERS ?= 2
DEMO_CALL := hot-summit-2022-practice

.PHONY: run serve demo-passwords test test-fast lint format setup migrate load messages translations bench screenshots clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

messages: setup  ## after editing .po files; the .mo files are committed
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

translations: setup  ## gathers new texts of the code into the .po files, to translate there
	$(BIN)/python manage.py makemessages -l fr -l es -l pt --ignore=.venv --ignore=staticfiles -v 0

migrate: setup
	$(BIN)/python manage.py migrate --no-input -v 0

load: migrate
	$(BIN)/python manage.py load_reference reference/hot-2022
	$(BIN)/python manage.py load_call calls/hot-summit-2022.toml
	$(BIN)/python manage.py load_call calls/hot-summit-2022.toml --practice
	$(BIN)/python manage.py create_demo_staff $(DEMO_CALL) -v 0
	$(BIN)/python manage.py load_demo_applications $(DEMO_CALL)

# Development serving: runserver, a worker and the scheduler under honcho; the demo
# staff's sign-in names and passwords are printed last, once the site answers.
run: load
	$(BIN)/python manage.py collectstatic --no-input -v 0
	PORT=$(PORT) DEMO_CALL=$(DEMO_CALL) $(BIN)/honcho -f Procfile start -p $(PORT)

# Production-like serving: gunicorn (several processes), WORKERS task workers and the
# scheduler, each restarted by supervisor when it exits (deploy/supervisord.conf,
# docs/deploy.md). DEBUG is off unless set. Ctrl-C stops them all.
serve: migrate
	$(BIN)/python manage.py collectstatic --no-input -v 0
	export OPENCALL_RUN_DIR=$${OPENCALL_RUN_DIR:-$(CURDIR)/var} && mkdir -p $$OPENCALL_RUN_DIR && \
	  PATH="$(CURDIR)/$(BIN):$$PATH" PORT=$(PORT) WORKERS=$(WORKERS) DEBUG=$${DEBUG:-false} \
	  $(BIN)/supervisord -c deploy/supervisord.conf

# New passwords for the demo staff (kept in var/demo-staff.json across runs otherwise).
demo-passwords: setup
	$(BIN)/python manage.py create_demo_staff $(DEMO_CALL) --reset-passwords

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/python -m pytest

# The inner loop: no browser, no other process started, nothing that needs PostgreSQL
# (markers in pyproject.toml; tests/conftest.py says which tests are slow).
test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser and not postgres_only"

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: setup
	$(BIN)/python bench/run_all.py

# The README's screenshots, remade from the demo data in a throw-away database.
screenshots: setup
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-shm db.sqlite3-wal staticfiles var
