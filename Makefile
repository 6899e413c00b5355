# One command sets everything up and serves the site; one runs every test.
#   make serve   → venv + dependencies, generate site_src/, serve on http://127.0.0.1:8000
#   make test    → venv + dependencies + Debian's chromium, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# npm: the Arabic web font (copied into the site at build time) and the judges the tests run
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build site serve test test-fast chromium java clean

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm is missing: run 'sudo apt-get install nodejs npm'"; exit 1; fi; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

build: setup          ## regenerate site_src/ from seeds/
	$(BIN)/python -m generator build

site: setup           ## build the static site into site/
	$(BIN)/mkdocs build --strict

serve: setup          ## build and serve on http://127.0.0.1:8000; on a change, rebuild only changed pages (--dirty)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

chromium:             ## Debian's chromium for the browser tests (Playwright drives it)
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; exit 1; \
	  fi; \
	fi

java:                 ## Java for the Nu Html Checker (vnu.jar) the tests run
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "java is missing: run 'sudo apt-get install default-jre-headless' (HTML validation needs it)"; exit 1; fi; }

test: setup chromium java  ## the whole test suite (the judges last, alone: Lighthouse times the CPU)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not judges"
	$(BIN)/python -m pytest -p no:cacheprovider -m judges

test-fast: setup      ## everything but the browser tests
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not browser and not judges"

clean:
	rm -rf site site_src/.state $(VENV) node_modules
	rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/arabic-briefing"
