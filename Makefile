# The two commands: `make book` builds the HTML book, `make test` runs every test.
# Both create .venv from requirements.txt first when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
BUILD_FLAGS := -W -n --keep-going

.PHONY: book test pdf lint unit lab execute bench clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Python 3.10 or newer is needed (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "Open _build/html/index.html in a browser (it works from disk, offline)."

# The whole book as one PDF, _build/pdf/book.pdf: every page of the built HTML book printed by
# the Chromium the browser tests use, joined in toc order with an outline (no LaTeX).
pdf: book
	$(BIN)/python book/_ext/book_pdf.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	$(BIN)/pytest

unit: $(STAMP)
	$(BIN)/pytest tests

lint: $(STAMP)
	$(BIN)/ruff check .

lab: $(STAMP)
	$(BIN)/jupyter lab book

# Re-execute every chapter top to bottom in a fresh kernel, in place, so the committed outputs
# are exactly what nbval verifies.
execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=120 \
		--ExecutePreprocessor.store_widget_state=False \
		--ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

# The benchmarks, at full size, each figure beside its target (see README, Performance).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build
