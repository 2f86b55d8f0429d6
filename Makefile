# The one entry point: `make demo` and `make test` set everything up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SAMPLE := examples/000_88a4e4ddf26ddf09.txt

.PHONY: demo test bench bench-corpus eval lint train fuzz clean

# The sources are compiled once here: an editable install leaves them uncompiled, and where
# $PYTHONDONTWRITEBYTECODE is set (as in many containers) every command would compile them
# again as it starts.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q src
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	$(BIN)/onrecord analyze $(SAMPLE)
	$(BIN)/onrecord ingest examples/
	$(BIN)/onrecord search "NATO membership" --speaker Hegseth
	$(BIN)/onrecord speakers --limit 10
	$(BIN)/onrecord quotes --top 5
	@echo "Browse it in a web browser: $(BIN)/onrecord serve   (then open http://127.0.0.1:8000/)"

test: $(STAMP)
	bash scripts/run-tests.sh

# PostgreSQL is started for the ingest measurements and stopped whatever the outcome.
bench: $(STAMP)
	ONRECORD_BENCH_PG_URL=$$(bash scripts/postgres.sh start) $(BIN)/python -m onrecord.evaluate.bench; \
	status=$$?; bash scripts/postgres.sh stop; exit $$status

# The corpus figures alone, up to a million statements on each store (some minutes per store).
bench-corpus: $(STAMP)
	ONRECORD_BENCH_PG_URL=$$(bash scripts/postgres.sh start) $(BIN)/python -m onrecord.evaluate.bench \
		--only "corpus at scale" --scale 10000 --scale 100000 --scale 1000000; \
	status=$$?; bash scripts/postgres.sh stop; exit $$status

eval: $(STAMP)
	$(BIN)/onrecord eval news --split dev
	$(BIN)/onrecord eval polnear --split dev --scheme polnear
	$(BIN)/onrecord eval extraction

# Relearns the cue lexicon and confidence model from PolNeAR train (../shared/data); the
# artifacts are committed, so only a change to the patterns or features needs this.
train: $(STAMP)
	$(BIN)/python scripts/train_cues.py

# Mutated text, HTML, feeds, WARC and JSONL, seeded and bounded in time: fails on any traceback,
# hang or runaway memory (make fuzz FUZZ_SEED=2 FUZZ_SECONDS=600: another, longer run).
FUZZ_SEED ?= 1
FUZZ_SECONDS ?= 300
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py --seed $(FUZZ_SEED) --seconds $(FUZZ_SECONDS)

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) .pytest_cache build src/*.egg-info
