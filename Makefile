# The two commands: `make book` builds the HTML book (both editions: English in _build/html,
# Japanese in _build/html/ja), `make test` runs the everyday tests
# (minutes); `make test-full` runs everything, as CI does.
# Both create .venv from the lock file first when it is missing, out of date, or made by
# another Python. Installs use uv (installed from the package index when missing), else pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
NOTEBOOKS := $(sort $(wildcard book/*.ipynb))
BUILD_FLAGS := -W -n --keep-going
# The English edition and, at the same time (one core each), the Japanese one: the same project
# with language = "ja", its text from the catalogues in locales/ja, strict too
# (tools/build_book.py), into _build/html/ja. Each build's output is printed when it ends.
BUILD_BOOK = $(MAKE) --no-print-directory -j2 --output-sync=target book-en book-ja
# The Pythons that pyproject.toml's requires-python admits and CI tests; the oldest and newest
# also run the unit and nbval tests under `make test-pythons`.
OLDEST_PYTHON := 3.11
NEWEST_PYTHON := 3.13
# Arguments for JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port 8899".
LAB_ARGS ?=

# The interpreter's version, e.g. 3.11; empty when $(PYTHON) does not run.
PY_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
# One stamp per Python version: switching PYTHON rebuilds the environment.
STAMP := $(VENV)/.installed-$(PY_VERSION)
UV := $(shell command -v uv 2>/dev/null)
UV_HOME := .cache/uv-bin

.PHONY: book book-en book-ja test test-full pdf lint unit lab execute bench lock test-pythons test-one-python \
	clean locales

$(STAMP): $(LOCK) pyproject.toml
	@PYTHON="$(PYTHON)" VENV="$(VENV)" LOCK="$(LOCK)" UV="$(UV)" UV_HOME="$(UV_HOME)" \
		sh tools/make-venv.sh

book: $(STAMP)
	$(BUILD_BOOK)
	@echo "Open _build/html/index.html in a browser (it works from disk, offline);"
	@echo "the Japanese edition is _build/html/ja/index.html (every page links to its twin)."

book-en: $(STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)

book-ja: $(STAMP)
	$(BIN)/python tools/build_book.py ja

# The whole book as one PDF per edition, _build/pdf/book.pdf (English) and book-ja.pdf
# (Japanese): each built book combined into one page (title page, contents, chapters,
# bibliography) and printed by the Chromium the browser tests use (no LaTeX);
# tools/book_pdf.py says how.
pdf: book
	@test -f _build/html/ja/index.html || $(BIN)/python tools/build_book.py ja
	$(BIN)/python tools/book_pdf.py

# The everyday run (at most 3 minutes on 2 cores): ruff, the strict build, rnnlib's unit and
# property tests, nbval, the edition checks, the static explorer against rnnlib, and one browser
# visit of each page at each width. Tests marked `full` are left to test-full.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BUILD_BOOK)
	$(BIN)/pytest -m "not full"

# Everything, as CI runs it: the above plus the axe-core matrix, the PDF, JupyterLab end to end,
# a downloaded chapter in a fresh venv, the reproducible rebuild, and the unit and nbval tests
# on the oldest and newest supported Pythons.
test-full: $(STAMP)
	$(BIN)/ruff check .
	$(BUILD_BOOK)
	$(BIN)/pytest
	$(MAKE) --no-print-directory test-pythons

# rnnlib's unit and property tests only: no notebooks, no browser; seconds.
unit: $(STAMP)
	$(BIN)/pytest tests -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check .

# The unit and nbval tests on the oldest and newest supported Pythons, each in its own
# environment (.venv-3.13, ...). A Python that is not installed is skipped with a note.
test-pythons:
	@for version in $(OLDEST_PYTHON) $(NEWEST_PYTHON); do \
		if [ "$$version" = "$(PY_VERSION)" ]; then \
			echo "note: Python $$version is the default one: the run above tested it"; \
			continue; fi; \
		python=$$(sh tools/find-python.sh $$version) || { \
			echo "note: Python $$version is not installed; its tests are skipped"; continue; }; \
		echo "== Python $$version ($$python): unit and nbval tests"; \
		$(MAKE) --no-print-directory PYTHON=$$python VENV=.venv-$$version \
			test-one-python || exit 1; \
	done

test-one-python: $(STAMP)
	$(BIN)/pytest tests book -m "not browser"

# JupyterLab on the chapters as readers get them: the reader's edition the build writes into
# _build/html/_sources/book (book/_ext/lab_edition.py: references, citations and glued numbers
# as the book shows them), copied to _build/jupyterlab/book. EDITION=ja opens the Japanese
# edition instead (_build/html/ja/_sources/book, the Japanese book's downloads), in
# _build/jupyterlab-ja. A copy the reader has changed is kept (a fresh copy of the same chapter
# lands in .pristine). As root (containers, CI) it adds --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
EDITION ?= en
LAB_SOURCE_en := _build/html/_sources/book
LAB_SOURCE_ja := _build/html/ja/_sources/book
LAB_SOURCE := $(LAB_SOURCE_$(EDITION))
LAB_DIR := _build/jupyterlab$(if $(filter-out en,$(EDITION)),-$(EDITION))
lab: book
	@test -n "$(LAB_SOURCE)" || { echo "EDITION=$(EDITION): the editions are en and ja"; exit 1; }
	@test -d $(LAB_SOURCE) || $(BIN)/python tools/build_book.py $(EDITION)
	@mkdir -p $(LAB_DIR)/book $(LAB_DIR)/.pristine
	@for new in $(LAB_SOURCE)/*.ipynb; do \
		name=$$(basename $$new); mine=$(LAB_DIR)/book/$$name; last=$(LAB_DIR)/.pristine/$$name; \
		if [ ! -e $$mine ] || cmp -s $$mine $$last; then cp $$new $$mine; \
		elif ! cmp -s $$new $$last; then echo "kept your changed $$mine (the book's is $$last)"; fi; \
		cp $$new $$last; \
	done
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) $(LAB_DIR)

# Re-execute every chapter top to bottom in a fresh kernel, in place, so the committed outputs
# are exactly what nbval verifies. tools/execute.py stores no timings, no widget state and
# merged streams, so running it twice changes nothing.
execute: $(STAMP)
	$(BIN)/python tools/execute.py $(NOTEBOOKS)

# The benchmarks, at full size, each figure beside its target (see README, Performance).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Refresh the Japanese catalogues (locales/ja/LC_MESSAGES) from the English source after editing
# the chapters: new strings arrive untranslated, a changed string keeps its old translation
# marked fuzzy (to be checked), removed strings are dropped. tools/check_catalogues.py (and the
# tests) then list what needs a translator.
locales: $(STAMP)
	$(BIN)/python tools/build_book.py gettext
	$(BIN)/sphinx-intl update --pot-dir _build/gettext --locale-dir locales --language ja \
		--line-width 76 --no-obsolete
	-$(BIN)/python tools/check_catalogues.py | tail -n 20

# Regenerate the lock from requirements.txt (keeps current pins; LOCK_ARGS=--upgrade refreshes).
lock:
	@test -n "$(UV)" || { echo "make lock needs uv on PATH (pip install uv)"; exit 1; }
	$(UV) pip compile requirements.txt --universal --python-version $(OLDEST_PYTHON) \
		--generate-hashes --quiet --output-file $(LOCK) $(LOCK_ARGS)

clean:
	rm -rf _build
