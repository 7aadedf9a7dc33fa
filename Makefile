# `make play` and `make test` set up .venv on first use (and compile the engine with mypyc
# when a C compiler is there: tools/compile_engine.py), then start the game / run the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	@$(BIN)/python tools/compile_engine.py
	@$(BIN)/alliance-game

test: $(STAMP)
	@$(BIN)/python tools/compile_engine.py
	$(BIN)/python -m ruff check src tests bench tools
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	@$(BIN)/python tools/compile_engine.py
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_tui.py
	$(BIN)/python bench/bench_classroom.py
	$(BIN)/python bench/bench_audit.py

clean:
	rm -rf $(VENV) build dist src/alliance_game/_compiled .pytest_cache .mypy_cache .ruff_cache
