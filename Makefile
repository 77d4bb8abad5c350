# handcalc — every target sets up what it needs in .venv itself.
#
# Two ways in: `make demo` (and `pip install .`) take pyproject.toml's open ranges, as a user's
# install does; test, golden, bench and lint install the exact versions of requirements/dev.lock,
# so a fresh clone today and next year runs the suite on the same packages.  `make lock` refreshes
# the lock on purpose; `make test-latest` runs the suite on the newest versions pyproject allows.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
LOCK   := requirements/dev.lock
HASH   := $(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
APP    := $(VENV)/.app-$(HASH)
TOOLS  := $(VENV)/.tools-$(HASH)
LATEST := .venv-latest
# node packages for the test suite only (KaTeX and MathJax render every emitted formula):
# tests/js/package-lock.json installed with `npm ci` into .node/, redone when the lock changes
NODE_DIR := .node
JSLOCK := tests/js/package-lock.json
NODE   := $(NODE_DIR)/.ci-$(shell cat tests/js/package.json $(JSLOCK) | cksum | cut -d' ' -f1)

# the package alone, with pyproject's open ranges: enough to run handcalc (make demo)
$(APP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e .
	rm -f $(VENV)/.app-*; touch $@

# the locked test tools and PyTorch oracle, then the package itself without touching them
$(TOOLS): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r $(LOCK)
	$(PY) -m pip install -q --no-deps -e .
	rm -f $(VENV)/.tools-* $(VENV)/.app-*; touch $@ $(APP)

$(NODE): tests/js/package.json $(JSLOCK)
	mkdir -p $(NODE_DIR)
	cp tests/js/package.json $(JSLOCK) $(NODE_DIR)/
	npm ci --prefix $(NODE_DIR) --no-audit --no-fund --loglevel=error
	rm -f $(NODE_DIR)/.ci-*; touch $@

.PHONY: help
help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

.PHONY: install
install: $(TOOLS)  ## create .venv with handcalc and the locked test tools (PyTorch included)

.PHONY: demo
demo: $(APP)  ## set up, then solve a bundled exercise step by step on screen
	$(VENV)/bin/handcalc solve exercises/exercise3.yaml --lang en

.PHONY: browser
browser:  ## Debian's chromium, for the tests that load HTML pages (apt-get, as root)
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	    echo "make: chromium is not installed (apt-get needs root); its tests will be skipped"

.PHONY: test
test: $(TOOLS) $(NODE) browser  ## set up from the locks, then run the whole suite (PyTorch, KaTeX, MathJax, Chromium)
	$(PY) -m pytest

.PHONY: test-latest
test-latest: $(NODE)  ## the suite on the newest versions pyproject.toml allows (in .venv-latest)
	test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test,oracle,pdf]'
	$(LATEST)/bin/python -m pip list --format=freeze | grep -iE '^(typer|rich|pyyaml|pytest|numpy|hypothesis|torch|typst|pypdf|pypdfium2)=='
	$(LATEST)/bin/python -m pytest -p no:cacheprovider

.PHONY: lock
lock:  ## refresh requirements/dev.lock to the newest versions pyproject.toml allows (review it!)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q pip-tools
	$(VENV)/bin/pip-compile -q --upgrade --strip-extras --no-emit-index-url --no-emit-find-links \
	    --extra test --extra oracle --extra lint --extra pdf -o $(LOCK) pyproject.toml

.PHONY: golden
golden: $(TOOLS)  ## regenerate the golden files on purpose (review the diff!)
	$(PY) -m pytest tests --update-golden -q

.PHONY: bench
bench: $(TOOLS)  ## benchmarks: ratios measured side by side in one run
	$(PY) bench/run.py

.PHONY: lint
lint: $(TOOLS)  ## ruff, the layers (import-linter: pyproject's contracts) and mypy (locked versions)
	$(PY) -m ruff check handcalc tests bench
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

.PHONY: clean
clean:  ## remove the virtual environments and caches
	rm -rf $(VENV) $(LATEST) $(NODE_DIR) .pytest_cache build *.egg-info
