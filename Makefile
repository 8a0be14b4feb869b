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

# the store tests run on SQLite and on a PostgreSQL server that scripts/postgres.sh starts on loopback;
# the browser tests drive Debian's Chromium, which scripts/chromium.sh installs when it is missing; the tests of
# real files need a Chinese font (scripts/cjkfont.sh) and LibreOffice for .doc/.wps (scripts/libreoffice.sh), Tesseract for scans (scripts/tesseract.sh)
test: install
	$(BIN)/ruff check src tests benchmarks
	@url=$$(scripts/postgres.sh 2>/tmp/zhengce-pg.err); \
	chromium=$$(scripts/chromium.sh 2>/tmp/zhengce-chromium.err); \
	scripts/cjkfont.sh >/dev/null 2>/tmp/zhengce-cjkfont.err || cat /tmp/zhengce-cjkfont.err; \
	scripts/libreoffice.sh >/dev/null 2>/tmp/zhengce-soffice.err; \
	scripts/tesseract.sh >/dev/null 2>/tmp/zhengce-tesseract.err; \
	ZHENGCE_TEST_PG_URL="$$url" ZHENGCE_TEST_PG_ERROR="$$(cat /tmp/zhengce-pg.err)" \
	ZHENGCE_TEST_CHROMIUM="$$chromium" ZHENGCE_TEST_CHROMIUM_ERROR="$$(cat /tmp/zhengce-chromium.err)" \
	ZHENGCE_TEST_SOFFICE_ERROR="$$(cat /tmp/zhengce-soffice.err)" \
	ZHENGCE_TEST_TESSERACT_ERROR="$$(cat /tmp/zhengce-tesseract.err)" \
	$(BIN)/python -m pytest -rs

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

# the README's screenshots, taken by the browser test of the supervision cycle
screenshots: install
	ZHENGCE_SCREENSHOTS=docs/screenshots ZHENGCE_TEST_CHROMIUM="$$(scripts/chromium.sh)" \
	$(BIN)/python -m pytest -q tests/test_browser_supervision.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
