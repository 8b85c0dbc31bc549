# ipledger: `make demo`, `make test`, `make bench` each install what they need first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
DEMO_DIR ?= demo-out

.PHONY: demo test bench install lint typecheck pytest contracts-test contracts bench-gas serve lock clean

# Hardhat asks for telemetry consent on a terminal; never let it wait for an answer.
export HARDHAT_DISABLE_TELEMETRY_PROMPT := true

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[server,dev]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: install
	rm -rf $(DEMO_DIR)
	$(BIN)/ipledger demo --dir $(DEMO_DIR)

lint: $(PY_STAMP)
	$(BIN)/ruff check .

typecheck: $(PY_STAMP)
	$(BIN)/mypy

PYTEST_ARGS ?= -n 2
pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

test: install lint typecheck pytest contracts-test

# Solidity tests (tests/contracts, Hardhat network); compiles with the pinned npm solc, offline.
contracts-test: install
	npx hardhat test

# Rewrite contracts/EvidenceAnchor.json (ABI + bytecode for Python) after changing the contract.
contracts: $(NODE_STAMP)
	npx hardhat export-artifact

bench: install bench-gas
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-gas: $(NODE_STAMP)
	npx hardhat run bench/gas.js

# Initialize the log in .ipledger/ if needed (an existing key is kept), then serve API + worker.
serve: install
	$(BIN)/ipledger init
	$(BIN)/ipledger serve

# Re-resolve the Python pins (needs the registries); commit the result.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[server,dev]'
	{ sed -n '1,2p' constraints.txt; .lock-venv/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules $(DEMO_DIR) .mypy_cache .ruff_cache cache artifacts
