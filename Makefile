# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist processes of the parallel part of `make test` (`auto`: one per CPU; `0`: none,
# the whole suite in this one process).
PYTEST_WORKERS ?= auto

.PHONY: run test venv dev-venv migrate demo serve worker beat lint format messages check-deploy audit bench backup restore rehearsal css clean

# The virtual environment is rebuilt only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

run: venv ## Set everything up on SQLite and serve http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	PORT=$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

# The suite in three parts (see tests/conftest.py): every test that may run beside others, in
# $(PYTEST_WORKERS) pytest-xdist processes; then the browser tests, beside each other in as many
# processes (each its own live server, database and Chromium); then the serial ones alone
# (threads racing for locks, servers stopped and started, the Celery worker). PYTEST_ARGS go to
# all three. A failed part still runs the next, an interrupted one does not; pytest's exit 5
# (no test collected) fails like any other failure.
test: lint ## The checks of `make lint`, then the whole test suite (PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set)
	status=0; \
	for part in "-n $(PYTEST_WORKERS) --serial-tests=skip" "-n $(PYTEST_WORKERS) --serial-tests=browsers" "--serial-tests=alone"; do \
		$(PY) -m pytest $$part $(PYTEST_ARGS) || status=$$?; \
		case $$status in 0|1) ;; *) exit $$status ;; esac; \
	done; \
	exit $$status

migrate: venv
	$(MANAGE) migrate --noinput

demo: venv
	$(MANAGE) load_demo

worker: venv ## A Celery worker (needs REDIS_URL)
	$(BIN)/celery -A ayase_portal worker --loglevel=INFO --concurrency=$${CELERY_CONCURRENCY:-2}

beat: venv ## The Celery beat scheduler for periodic jobs (needs REDIS_URL); run exactly one
	$(BIN)/celery -A ayase_portal beat --loglevel=INFO

serve: venv ## gunicorn as in production (set DJANGO_SETTINGS_MODULE and the variables of .env.example)
	$(MANAGE) collectstatic --noinput
	$(BIN)/gunicorn -c gunicorn.conf.py ayase_portal.wsgi

# Backups (docs/deploy.md, "Backups"): the database and both storages, through the settings of
# the environment (DATABASE_URL, MEDIA_ROOT / PRIVATE_MEDIA_ROOT or the buckets).
backup: venv ## A new backup folder in BACKUP_DIR (backups/): pg_dump in custom format, every public and private file, a manifest of sha256 checksums; KEEP=N then removes all but the N newest
	$(MANAGE) backup $(if $(KEEP),--keep $(KEEP))

restore: venv ## make restore BACKUP=backups/ayase-…: checks every checksum, then restores into an empty database and empty storages (FORCE=1 over existing ones)
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/ayase-YYYYMMDDTHHMMSSZ" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)" $(if $(FORCE),--force)

lint: venv ## ruff, the formatting, the import contracts, mypy, and no model change without its migration (also run by make test and pre-commit)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(MANAGE) makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: venv ## Refresh locale/ja after changing UI strings (needs gettext), then translate
	$(MANAGE) makemessages -l ja --no-obsolete --ignore=.venv --ignore=tests --ignore=bench
	$(MANAGE) compilemessages -l ja --ignore=.venv

check-deploy: venv ## Django's deployment checklist with the production settings
	DJANGO_SETTINGS_MODULE=ayase_portal.settings.production \
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-portal.example.jp} \
	$(MANAGE) check --deploy --fail-level WARNING

audit: venv ## Known vulnerabilities in the installed packages (pip-audit; needs PyPI's advisory database)
	$(PY) .ci/audit.py

bench: venv ## The main pages beside a bare Django view, with issue 16's budgets (BENCH_ARGS=--quick, --record)
	$(PY) bench/run.py $(BENCH_ARGS)

# docs/deploy.md's set-up on this machine: nginx (Debian's package) before two gunicorn nodes,
# two Celery workers and one beat, on PostgreSQL and Redis; drives it through nginx, prints a
# report and stops everything it started. Empties its own database and Redis database first
# (REHEARSAL_DATABASE_URL, REHEARSAL_REDIS_URL; ports REHEARSAL_PORT to REHEARSAL_PORT+3).
rehearsal: venv ## Several web nodes, workers and a beat behind nginx on this machine, rehearsed (needs nginx, PostgreSQL, Redis)
	$(PY) deploy/rehearsal/rehearsal.py

css: venv ## Rebuild static/vendor/bootstrap/bootstrap.portal.min.css, Bootstrap trimmed to the classes the templates use (commit the result)
	$(PY) docs/tools/trim_bootstrap.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
