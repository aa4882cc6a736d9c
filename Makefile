# Two commands set up a fresh machine: `make reports` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := news-analysis
CORPUS ?= seeds
OUT    ?= reports

.PHONY: install reports test lint format bench browser lab explore clean-reports

# The virtualenv, the package with its dependencies from pyproject.toml, and a Jupyter kernel
# registered with the venv's own interpreter (papermill, nbval and JupyterLab all use it).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,lab]"
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (news-analysis)"
	touch $(STAMP)

install: $(STAMP)

reports: $(STAMP)
	$(PY) -m analysis report --corpus $(CORPUS) --out $(OUT)

# Lint, unit tests, the browser check of every report, and nbval over every notebook (each runs
# with its default parameters on seeds/).
test: $(STAMP) browser lint
	$(PY) -m pytest --nbval-lax --nbval-current-env tests notebooks

# ruff: lint rules and formatting, configured in pyproject.toml. `make format` applies both.
LINTED := analysis tests benchmarks scripts
lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

format: $(STAMP)
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(VENV)/bin/ruff format $(LINTED)

# Every figure in benchmarks/*.md comes from one of these commands (quick defaults; each script's
# --help gives the full-size run quoted in the .md files).
bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) benchmarks/run_all.py

# Headless Chromium for tests/test_browser.py: installed with apt when missing and we are root.
# Never fails: without it (no root, no apt) the browser tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
		|| echo "note: chromium not installed (needs root and apt: apt-get install chromium); browser tests will skip"

# JupyterLab on the kernel the setup registers (the notebooks name it), in notebooks/.
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

# The store of CORPUS (seeds/ by default) in Datasette on 127.0.0.1:8001, read-only: full-text
# search, facets and canned queries over every quote (`make reports` first adds article links).
explore: $(STAMP)
	$(PY) -m analysis run --corpus $(CORPUS) --out $(OUT)
	$(PY) -m analysis explore --out $(OUT)

clean-reports:
	find $(OUT) -mindepth 1 ! -name README.md -delete
