# Portico: `make run` serves the product on the local stack, `make test` runs every test.
# Each target bootstraps .venv from pyproject.toml on a fresh machine.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# The public address the site is built for (canonical links, feeds, sitemaps, robots.txt).
SITE_URL ?= http://127.0.0.1:$(PORT)
SITE   := build/site
export PYTHONPATH := functions:.

.PHONY: run tick test test-fast site lint bench clean help

help:
	@echo "make run     serve site + API with demo data on http://127.0.0.1:$(PORT)"
	@echo "make tick    run the scheduled tasks for DATE=YYYY-MM-DD (today if unset) on the running stack"
	@echo "make test    run the whole test suite"
	@echo "make site    build the static site into $(SITE)/"
	@echo "make lint    ruff's checks (also part of make test)"
	@echo "make bench   print cold start, DynamoDB calls per request, page weight"
	@echo "make staff-user EMAIL=... ROLE=...   a member of staff (prints a one-time link)"

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# chalice pins pip<26.3; keep pip below it so `pip check` stays clean
	$(PY) -m pip install --quiet --disable-pip-version-check 'pip<26.3'
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

site: $(VENV)/.installed
	SITE_URL=$(SITE_URL) $(PY) site/build.py --out $(SITE)

run: $(VENV)/.installed site
	$(PY) -m infra.local --port $(PORT) --site $(SITE)

# The clock's tasks for a date, on the stack `make run` started (docs/jobs.md).
tick: $(VENV)/.installed
	$(PY) -m infra.local.tick $(DATE) --port $(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest -n 2 --dist loadgroup $(ARGS)

test-fast: $(VENV)/.installed
	$(PY) -m pytest -n 2 -m "not e2e and not slow" $(ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed site
	$(PY) -m bench

# The operator's commands. Without STAGE they act on the running `make run` stack; with
# STAGE=dev|staging|prod on that stage's table (infra/aws/README.md, "Staff").
OPERATOR_STAGE = $(if $(filter-out file,$(origin STAGE)),$(STAGE),local)
.PHONY: staff-user lookup-backfill

staff-user: $(VENV)/.installed
	@test -n "$(EMAIL)" -a -n "$(ROLE)" || { echo "usage: make staff-user EMAIL=ana@example.com ROLE=admin|billing|support|technical [NAME='Ana Pérez'] [STAGE=prod]"; exit 2; }
	$(PY) -m infra.staff_user --email "$(EMAIL)" --role "$(ROLE)" $(if $(NAME),--name "$(NAME)") --stage $(OPERATOR_STAGE)

lookup-backfill: $(VENV)/.installed
	$(PY) -m infra.lookup_backfill --stage $(OPERATOR_STAGE)

clean:
	rm -rf build .pytest_cache

# --- AWS (infra/aws/README.md). STAGE is dev, staging or prod; settings in infra/aws/settings/.
STAGE ?= dev
.PHONY: package deploy deploy-site smoke coldstart

package: $(VENV)/.installed
	$(PY) -m infra.aws.deploy templates $(STAGE) build/aws/$(STAGE)

# CHECK=1: only the pre-flight checks (certificate, hosted zone, records, SES, concurrency).
deploy: $(VENV)/.installed
	$(PY) -m infra.aws.deploy $(if $(CHECK),check,deploy) $(STAGE)

deploy-site: $(VENV)/.installed
	$(PY) -m infra.aws.deploy site $(STAGE)

smoke:
	@test -n "$(URL)" || { echo "usage: make smoke URL=https://clientes.example.com"; exit 2; }
	@# The stage (whose table the run's account is removed from) comes from the URL's domain;
	@# STAGE only when given (its default, dev, would clean up the wrong table).
	$(PY) -m infra.aws.smoke $(URL) $(if $(filter https://%,$(URL)),$(if $(filter-out file,$(origin STAGE)),--stage $(STAGE)))

# Cold start of a deployed stage's API (forces new environments: use dev or staging).
coldstart: $(VENV)/.installed
	@test -n "$(URL)" || { echo "usage: make coldstart URL=https://dev.clientes.example.com STAGE=dev"; exit 2; }
	$(PY) -m infra.aws.coldstart $(URL) $(STAGE)
