# handcalc — every target sets up what it needs in .venv itself.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HASH   := $(shell cksum pyproject.toml | cut -d' ' -f1)
APP    := $(VENV)/.app-$(HASH)
TOOLS  := $(VENV)/.tools-$(HASH)

# the package alone: enough to run handcalc (make demo)
$(APP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e .
	rm -f $(VENV)/.app-*; touch $@

# plus the test tools and the PyTorch oracle (make test, golden, bench)
$(TOOLS): $(APP)
	$(PY) -m pip install -q -e '.[test,oracle]'
	rm -f $(VENV)/.tools-*; touch $@

.PHONY: help
help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 10

.PHONY: install
install: $(TOOLS)  ## create .venv and install handcalc with its test tools (PyTorch included)

.PHONY: demo
demo: $(APP)  ## set up, then solve a bundled exercise step by step on screen
	$(VENV)/bin/handcalc solve exercises/exercise3.yaml --lang en

.PHONY: test
test: $(TOOLS)  ## set up, then run the whole test suite (PyTorch oracle included)
	$(PY) -m pytest

.PHONY: golden
golden: $(TOOLS)  ## regenerate the golden files on purpose (review the diff!)
	$(PY) -m pytest tests --update-golden -q

.PHONY: bench
bench: $(TOOLS)  ## benchmarks: ratios measured side by side in one run
	$(PY) bench/run.py

.PHONY: lint
lint: $(APP)  ## ruff over handcalc/ and tests/ (installs the lint extra)
	$(PY) -m pip install -q -e '.[lint]'
	$(PY) -m ruff check handcalc tests bench

.PHONY: clean
clean:  ## remove .venv and caches
	rm -rf $(VENV) .pytest_cache build *.egg-info
