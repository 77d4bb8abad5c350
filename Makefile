# handcalc — every target sets up what it needs in .venv itself.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test,oracle]'
	rm -f $(VENV)/.installed-*; touch $@

.PHONY: help
help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 10

.PHONY: install
install: $(STAMP)  ## create .venv and install handcalc with its test tools (PyTorch included)

.PHONY: demo
demo: $(STAMP)  ## set up, then solve a bundled exercise step by step on screen
	$(VENV)/bin/handcalc solve exercises/exercise3.yaml --lang en

.PHONY: test
test: $(STAMP)  ## set up, then run the whole test suite (PyTorch oracle included)
	$(PY) -m pytest

.PHONY: golden
golden: $(STAMP)  ## regenerate the golden files on purpose (review the diff!)
	$(PY) -m pytest tests --update-golden -q

.PHONY: bench
bench: $(STAMP)  ## benchmarks: ratios measured side by side in one run
	$(PY) bench/run.py

.PHONY: lint
lint: $(STAMP)  ## ruff over handcalc/ and tests/ (installs the lint extra)
	$(PY) -m pip install -q -e '.[lint]'
	$(PY) -m ruff check handcalc tests bench

.PHONY: clean
clean:  ## remove .venv and caches
	rm -rf $(VENV) .pytest_cache build *.egg-info
