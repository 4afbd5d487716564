# The two commands of the README: `make run` and `make test`.
# Everything else is a step of theirs, usable alone.
SHELL := /bin/bash
STACK := bin/stack.sh

.PHONY: run serve test test-cloud test-unit install services stop solr lock wheel i18n clean help

help:
	@echo "make run       install what is missing, start the services, serve the demo portal on :5000"
	@echo "make serve     as make run, with gunicorn (WEB_WORKERS=4) as in production instead of CKAN's development server"
	@echo "make test      the same set-up, then the whole test suite (PYTEST_ARGS=... to narrow it)"
	@echo "make test-cloud the search and access tests again, on a 2-node SolrCloud (2 shards x 2 replicas)"
	@echo "make test-unit the unit tests of the pure modules alone: no service, no CKAN config"
	@echo "make install   apt packages, the venv and the Solr launcher"
	@echo "make services  start PostgreSQL, Redis and Solr and leave them running"
	@echo "make stop      stop the services"
	@echo "make lock      rewrite requirements/constraints.txt from the venv"
	@echo "make i18n      extract the messages and merge them into i18n/*/LC_MESSAGES/*.po"

run:
	$(STACK) run

serve:
	$(STACK) serve

test:
	$(STACK) test $(PYTEST_ARGS)

test-cloud:
	$(STACK) test --solrcloud tests/thanhhoa/search tests/thanhhoa/access $(PYTEST_ARGS)

test-unit:
	$(STACK) test-unit $(PYTEST_ARGS)

install:
	$(STACK) install

services:
	$(STACK) services

stop:
	$(STACK) stop

lock:
	{ sed -n '1,3p' requirements/constraints.txt; \
	  .venv/bin/pip freeze --exclude-editable | grep -viE '^(pip|setuptools|wheel|ckanext-thanhhoa)=='; \
	} > requirements/constraints.txt.new && mv requirements/constraints.txt.new requirements/constraints.txt

i18n:
	.venv/bin/python setup.py -q extract_messages
	.venv/bin/python setup.py -q update_catalog --no-fuzzy-matching --ignore-obsolete=true

wheel:
	.venv/bin/python -m build --wheel --outdir dist .

clean:
	rm -rf build dist *.egg-info solr/launcher/target
