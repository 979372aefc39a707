# The README's two set-up commands are `make serve` and `make test`.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: install install-test build serve test lint eval bench

install:
	$(PIP) install -q -e .

install-test:
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test]'
	bash scripts/install-browser.sh

build: install
	fazhi-qa build seeds

serve: build
	fazhi-qa serve

lint:
	ruff check .
	ruff format --check .
	mypy

test: install-test lint
	$(PYTHON) -m pytest tests -q

eval:
	fazhi-qa eval tests/eval/dev.jsonl

bench:
	fazhi-qa eval-bench ../shared/bench/lecoqa ../shared/bench/cail2019_rc ../shared/bench/ncpqa_gov
