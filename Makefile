# The two commands: `make book` builds the HTML book, `make test` runs every test.
# Both create .venv from requirements.txt first when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
BUILD_FLAGS := -W -n --keep-going

.PHONY: book test lint unit lab execute notebooks-for-jupyterlab bench clean

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

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	$(BIN)/pytest

unit: $(STAMP)
	$(BIN)/pytest tests

lint: $(STAMP)
	$(BIN)/ruff check .

# JupyterLab on the chapters; LAB_ARGS passes options through, e.g.
# make lab LAB_ARGS="--no-browser --port 8899". As root (containers, CI) it adds --allow-root.
LAB_ARGS ?=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) book

# Write the chapters' MyST in forms JupyterLab reads too, after editing their prose (idempotent;
# changes markdown and cell metadata only, so no re-execution is needed).
notebooks-for-jupyterlab: $(STAMP)
	$(BIN)/python book/_tools/for_jupyterlab.py

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
