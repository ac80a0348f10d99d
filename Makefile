# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format setup migrate load messages translations bench clean

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
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=staticfiles -v 0

migrate: setup
	$(BIN)/python manage.py migrate --no-input -v 0

load: migrate
	$(BIN)/python manage.py load_reference reference/hot-2022
	$(BIN)/python manage.py load_call calls/hot-summit-2022.toml
	$(BIN)/python manage.py load_call calls/hot-summit-2022.toml --practice
	$(BIN)/python manage.py create_demo_staff hot-summit-2022-practice
	$(BIN)/python manage.py load_demo_applications hot-summit-2022-practice

run: load
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/honcho -f Procfile start

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
