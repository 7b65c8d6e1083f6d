# Every target sets up what it needs; `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint fuzz docs bench clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/memo check samples/support-bot-rag.yaml
	$(BIN)/memo render samples/support-bot-rag.yaml -f md -f pdf -o out/support-bot-rag
	@echo
	@echo "Rendered out/support-bot-rag.md and out/support-bot-rag.pdf"
	@echo "Start your own memo with:  $(BIN)/memo new -o my-memo.yaml"

test: $(STAMP)
	$(BIN)/ruff check memo tests benchmarks
	$(BIN)/python -m memo.docs --check
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check memo tests benchmarks

docs: $(STAMP)
	$(BIN)/python -m memo.docs --write

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/test_properties.py tests/render/test_render_properties.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_process.py
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_list.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
