# Two commands on a fresh machine: `make run` and `make test`.
# Each creates .venv if needed and (re)installs the project only when pyproject.toml changed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
NPROC  := $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

# llama-cpp-python builds from source: no multimodal part, all cores. pip caches the wheel,
# so only the first install on a machine pays for the build.
LLAMA_CMAKE_ARGS ?= -DLLAVA_BUILD=OFF

.PHONY: run test bench lint clean setup screenshots

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Humanize needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS) $(CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$(NPROC) \
		$(PY) -m pip install --editable '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(PY) main.py $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

screenshots: $(STAMP)
	$(PY) packaging/screenshots.py

lint: $(STAMP)
	$(VENV)/bin/ruff check app tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
