# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= 1
REPEAT ?= 3
# Development by default; production sets DEBUG=false and a SECRET_KEY.
export DEBUG ?= true

.PHONY: install deps run test lint audit backup restore-check bench bench-wide bench-jobs bench-load bench-cluster clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the front-end packages: sudo apt-get install -y npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/app.css: static/scss/app.scss node_modules/.package-lock.json
	npm run --silent build:css

# Python and front-end dependencies, and a check of the system libraries.
deps: $(VENV)/.installed node_modules/.package-lock.json static/build/app.css
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || { \
	  echo "WeasyPrint (PDF reports) needs the Pango libraries, which this machine lacks."; \
	  echo "Install them with: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; \
	  exit 1; }

# Every set-up step of `make run`: dependencies, database, demo data and accounts.
install: deps
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo

run: install
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Two processes for the bulk of the suite; then the browser and Celery-worker tests,
# which start servers of their own (each process its own live server, database and
# worker queue), in two as well: the crawl of every route takes one while the rest
# take the other. Both groups always run.
test: deps
	@status=0; \
	$(BIN)/pytest -n 2 -m "not browser and not worker" || status=$$?; \
	$(BIN)/pytest -n 2 -m "browser or worker" || status=$$?; \
	exit $$status

lint: deps
	$(BIN)/ruff check .

# Known vulnerabilities in the Python and npm packages; bandit over our own code.
audit: deps
	$(BIN)/python ops/audit.py $(AUDIT_FLAGS)

# A nightly backup of DATABASE_URL (PostgreSQL) and the uploaded files into BACKUP_DIR.
backup: deps
	$(BIN)/python ops/backups.py backup

# Take a backup, restore it into a scratch database and compare every table's rows;
# `make restore-check IN=compose` does it inside the running compose stack.
ifeq ($(IN),compose)
restore-check:
	docker compose run --rm backup python ops/backups.py restore-check
else
restore-check: deps
	$(BIN)/python ops/backups.py restore-check
endif

bench: deps
	for scale in $(SCALE); do $(BIN)/python bench/run.py --scale $$scale || exit 1; done

# The same pages on one county whose three partnerships hold 2,000 groups each.
bench-wide: deps
	$(BIN)/python bench/run.py --wide

# The background jobs: each PDF report on the synthetic register, and the reminder run.
bench-jobs: deps
	$(BIN)/python bench/reports.py --scale $(SCALE) --repeat $(REPEAT)
	$(BIN)/python bench/reminders.py

# 50 people browsing the main pages for 60 s, against gunicorn on loopback.
bench-load: deps
	$(BIN)/python bench/load.py --scale $(SCALE)

# Two web servers and two workers on one PostgreSQL, Redis and object store (DATABASE_URL
# and REDIS_URL): load spread over both, packs built by the workers and downloaded
# through the other web server.
bench-cluster: deps
	$(BIN)/python bench/cluster.py

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
