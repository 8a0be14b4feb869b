# zhengce — set-up and everyday commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= $(shell scripts/bootstrap.sh)
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
DB     ?= zhengce.db
SAMPLES := src/zhengce/samples

.PHONY: install run test lint bench score screenshots clean

$(BIN)/zhengce: pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python ≥ 3.11 / Python ≥ 3.11 required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/zhengce

run: install
	$(BIN)/zhengce ingest --db $(DB) $(SAMPLES)
	$(BIN)/zhengce demo --db $(DB)
	$(BIN)/zhengce serve --db $(DB) --port $(PORT)

# the store tests run on SQLite and on a PostgreSQL server that scripts/postgres.sh starts on loopback (or
# finds running: runs at the same time share it, each test on a database of its own); the browser tests drive
# Debian's Chromium, which scripts/chromium.sh installs when it is missing; the tests of real files need a
# Chinese font (scripts/cjkfont.sh), LibreOffice for .doc/.wps (scripts/libreoffice.sh) and Tesseract for scans
# (scripts/tesseract.sh). Everything this run writes goes to a folder of its own (mktemp), so that two runs on
# one machine never meet.
test: install
	$(BIN)/ruff check src tests benchmarks
	@run=$$(mktemp -d "$${TMPDIR:-/tmp}/zhengce-test.XXXXXX") || exit 1; trap 'rm -rf "$$run"' EXIT; \
	url=$$(scripts/postgres.sh 2>"$$run/pg.err"); \
	chromium=$$(scripts/chromium.sh 2>"$$run/chromium.err"); \
	scripts/cjkfont.sh >/dev/null 2>"$$run/cjkfont.err" || cat "$$run/cjkfont.err"; \
	scripts/libreoffice.sh >/dev/null 2>"$$run/soffice.err"; \
	scripts/tesseract.sh >/dev/null 2>"$$run/tesseract.err"; \
	ZHENGCE_TEST_PG_URL="$$url" ZHENGCE_TEST_PG_ERROR="$$(cat "$$run/pg.err")" \
	ZHENGCE_TEST_CHROMIUM="$$chromium" ZHENGCE_TEST_CHROMIUM_ERROR="$$(cat "$$run/chromium.err")" \
	ZHENGCE_TEST_SOFFICE_ERROR="$$(cat "$$run/soffice.err")" \
	ZHENGCE_TEST_TESSERACT_ERROR="$$(cat "$$run/tesseract.err")" \
	$(BIN)/python -m pytest -rs --basetemp="$$run/pytest"

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/parse.py --repeat 50

# the sample gazettes against ../shared/gold, the pages of other provinces against ../shared/realworld
score: install
	@tmp=$$(mktemp -d); for set in corpus:gold realworld/pages:realworld; do \
		src=$${set%%:*}; gold=$${set#*:}; echo "== $$src"; \
		for kind in documents tasks targets; do \
			$(BIN)/zhengce export $$kind ../shared/$$src/*.txt > $$tmp/$$kind.jsonl && \
			$(BIN)/python ../shared/tools/score.py $$kind ../shared/$$gold/$$kind.jsonl $$tmp/$$kind.jsonl --quiet \
			|| exit 1; \
		done; \
	done; rm -rf $$tmp

# the README's screenshots, taken by the browser tests of the supervision cycle and of a page of a PDF
screenshots: install
	ZHENGCE_SCREENSHOTS=docs/screenshots ZHENGCE_TEST_CHROMIUM="$$(scripts/chromium.sh)" \
	$(BIN)/python -m pytest -q tests/web/test_browser_supervision.py tests/web/test_pages.py::test_the_page_view_in_a_browser \
		tests/web/test_word_pages.py::test_the_word_page_in_a_browser

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
