# ipledger: `make demo`, `make test`, `make bench` each install what they need first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
DEMO_DIR ?= demo-out

.PHONY: demo test bench install poppler chromium lint typecheck layers pytest contracts-test contracts bench-gas serve lock dist clean docs-assets verifier-kit

# Hardhat asks for telemetry consent on a terminal; never let it wait for an answer.
export HARDHAT_DISABLE_TELEMETRY_PROMPT := true

install: $(PY_STAMP) $(NODE_STAMP) poppler chromium

# pdftoppm and pdftotext (Debian poppler-utils) render and read back the verifier's PDF reports
# in tests/verifier/test_pdf_report.py; those tests skip, saying so, where it cannot be installed.
poppler:
	@command -v pdftotext >/dev/null || apt-get install -y poppler-utils \
		|| { apt-get update && apt-get install -y poppler-utils; } \
		|| echo "poppler-utils not installed: the PDF report tests will be skipped"

# Headless Chromium renders /docs and /redoc with every name lookup blocked (tests/api/test_docs_ui.py)
# and runs the browser verifier on the whole corpus (tests/verifier/web).
chromium:
	@command -v chromium >/dev/null || apt-get install -y chromium \
		|| { apt-get update && apt-get install -y chromium; } \
		|| echo "chromium not installed: the offline /docs rendering and browser verifier tests will be skipped"

# Two editable installs: the verifier's wheel (verifier/pyproject.toml) and the service's, both
# under the import namespace `ipledger` (ipledger.verifier, ipledger.ledger, ipledger.api).
# uv (pinned in constraints.txt like the rest) installs the same pins as pip in ~20 s where pip
# took ~110 s of CPU; pip stays in the venv (`make dist`, tests/test_packaging.py) and installs
# them itself wherever uv cannot.
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
$(PY_STAMP): pyproject.toml verifier/pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -c constraints.txt \
		-e ./verifier -e '.[dev]' \
	|| { echo "uv could not install the pins; installing them with pip"; \
		$(PIP_INSTALL) -e ./verifier -e '.[dev]'; }
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: install
	rm -rf $(DEMO_DIR)
	$(BIN)/ipledger demo --dir $(DEMO_DIR)

lint: $(PY_STAMP)
	$(BIN)/ruff check .

# mypy reads the packages under their import names through links to the folders.
TYPING := build/typing/ipledger
typecheck: $(PY_STAMP)
	@mkdir -p $(TYPING)
	@for p in verifier ledger api; do ln -sfn ../../../$$p $(TYPING)/$$p; done
	$(BIN)/mypy

# Import layers (api -> ledger -> verifier, an independent verifier core): .importlinter.
layers: $(PY_STAMP)
	$(BIN)/lint-imports

# --durations: every run names its slowest tests, so the 15-minute budget can be watched.
# Three workers on two cores: many tests wait on a chain, a server or a subprocess, and
# worksteal keeps a worker from idling behind another's long tail (12:49 -> 9:07, same run).
PYTEST_ARGS ?= -n 3 --dist worksteal --durations=20
# Bytecode is written during the run even where PYTHONDONTWRITEBYTECODE is set (this machine
# sets it): else each pytest worker rewrote and compiled all ~260 test modules (~6 s of CPU)
# and each of the ~160 `ipledger` processes the tests start compiled ~100 modules (~1 s).
pytest: install
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest $(PYTEST_ARGS)

# mypy and the contract tests (~50 s each, one after the other) run beside pytest, which leaves
# about a quarter of the two cores idle; their output follows pytest's, and any failure fails.
BESIDE_PYTEST := typecheck contracts-test
test: install lint layers
	@mkdir -p build/beside
	@for t in $(BESIDE_PYTEST); do \
		{ $(MAKE) --no-print-directory $$t > build/beside/$$t.log 2>&1; echo $$? > build/beside/$$t.rc; } & \
	done; \
	$(MAKE) --no-print-directory pytest; rc=$$?; wait; \
	for t in $(BESIDE_PYTEST); do \
		echo "== make $$t (ran beside pytest): exit $$(cat build/beside/$$t.rc)"; \
		cat build/beside/$$t.log; [ "$$(cat build/beside/$$t.rc)" = 0 ] || rc=1; \
	done; exit $$rc

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

# The two wheels, built offline from this checkout: dist/ipledger_verifier-*.whl (the verifier
# alone: what a court installs) and dist/ipledger-*.whl (the service; it needs the first).
dist: $(PY_STAMP)
	rm -rf dist
	$(BIN)/pip wheel --quiet --no-deps --no-build-isolation --no-index \
		--disable-pip-version-check -w dist ./verifier .
	rm -rf verifier/build build/lib build/bdist.*
	@ls -1 dist

# The one-file verifier (docs/survival.md): dist/ipledger-verify.pyz runs on any CPython 3.11+
# with no package installed; two builds of one checkout are the same bytes. Prints its SHA-256.
verifier-kit: $(PY_STAMP)
	$(BIN)/python -m ipledger.verifier.kit dist/ipledger-verify.pyz

# The browser verifier's one script (verifier/web/ipledger-verify.js, committed): esbuild bundles
# verifier/web/src with the pinned @noble packages; tests/verifier/web checks it equals a rebuild.
.PHONY: web-verifier
web-verifier: $(NODE_STAMP)
	node verifier/web/build.mjs verifier/web/ipledger-verify.js

# Re-copy the /docs and /redoc files into api/static from the npm packages pinned in
# api/static/SOURCES.json (needs the registry); then update its sha256 values and commit.
# The files are committed so that the wheel carries them and nothing is fetched at run time.
DOCS_ASSETS := swagger-ui-dist@5.35.0 redoc@2.5.4
docs-assets:
	rm -rf build/docs-assets && mkdir -p build/docs-assets
	cd build/docs-assets && npm pack --silent $(DOCS_ASSETS) && for t in *.tgz; do \
		mkdir "$${t%.tgz}" && tar xzf "$$t" -C "$${t%.tgz}"; done
	cd build/docs-assets/swagger-ui-dist-*/package && cp swagger-ui-bundle.js swagger-ui.css \
		favicon-32x32.png $(CURDIR)/api/static/ && cp LICENSE $(CURDIR)/api/static/LICENSE-swagger-ui.txt \
		&& cp NOTICE $(CURDIR)/api/static/NOTICE-swagger-ui.txt
	cd build/docs-assets/redoc-*/package && cp bundles/redoc.standalone.js $(CURDIR)/api/static/ \
		&& cp LICENSE $(CURDIR)/api/static/LICENSE-redoc.txt
	sha256sum api/static/*.js api/static/*.css api/static/*.png api/static/*.txt

# Re-resolve the Python pins (needs the registries); commit the result.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet uv -e ./verifier -e '.[dev]'
	{ sed -n '1,2p' constraints.txt; .lock-venv/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules $(DEMO_DIR) .mypy_cache .ruff_cache cache artifacts build dist
