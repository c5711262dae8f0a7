# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint install evaluate schema clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Extract every readout in corpus/ into out/records.jsonl and print a summary.
demo: $(STAMP)
	$(BIN)/pressextract extract corpus -o out/records.jsonl
	$(BIN)/pressextract evaluate corpus --summary

## Run the whole test suite (what CI runs): the linters, then every test.
test: $(STAMP) lint
	$(BIN)/python -m pytest -q

## The fast tier while iterating: rule, unit and golden tests, without subprocesses, kills, Ray or the notebook.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

## pyflakes, bugbear and the complexity ratchet (ruff); the import contracts (import-linter).
lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/lint-imports

evaluate: $(STAMP)
	$(BIN)/pressextract evaluate corpus
	test ! -d ../shared/corpus-real || $(BIN)/pressextract evaluate ../shared/corpus-real

schema: $(STAMP)
	$(BIN)/pressextract schema > docs/record.schema.json

clean:
	rm -rf $(VENV) out build dist
