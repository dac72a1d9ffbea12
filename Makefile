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

.PHONY: run test bench lint clean setup screenshots package train-humanizer

setup: $(STAMP)

# The one system tool the set-up needs beyond Python: a C/C++ compiler for llama.cpp (pip
# brings CMake itself when the system has none). Said plainly instead of a compiler error.
define NEED_COMPILER
	@command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || \
	command -v clang++ >/dev/null 2>&1 || { echo "Humanize's set-up compiles llama.cpp and \
	needs a C/C++ compiler: install build-essential (Debian/Ubuntu), the Xcode command line \
	tools (macOS) or Visual Studio Build Tools (Windows), then run make again." >&2; exit 1; }
endef

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Humanize needs Python 3.11 or newer")'
	$(NEED_COMPILER)
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
	$(VENV)/bin/ruff check app tests bench packaging

# `make package`: a one-folder build in dist/humanize-writer/ (PyInstaller, packaging/humanize.spec),
# then the built program's self-test without a window. It has its own environment because the
# bundle runs on other people's CPUs: its llama.cpp is built with native tuning off (the x86-64
# AVX2 baseline) instead of for this machine. pip's cache would hand back .venv's native build,
# so that wheel is built apart into a folder keyed by its build flags, outside the checkout so
# that a fresh clone reuses it.
PKG_VENV  ?= .venv-package
PKG_PY    := $(PKG_VENV)/bin/python
PKG_STAMP := $(PKG_VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORTABLE_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF
PORTABLE_WHEELS ?= $(HOME)/.cache/humanize-writer/llama-wheels-$(shell echo '$(PORTABLE_CMAKE_ARGS)' | cksum | cut -d' ' -f1)
BUNDLE    := dist/humanize-writer

$(PKG_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Humanize needs Python 3.11 or newer")'
	test -x $(PKG_PY) || $(PYTHON) -m venv $(PKG_VENV)
	$(PKG_PY) -m pip install --quiet --upgrade pip
	ls $(PORTABLE_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$(PORTABLE_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$(NPROC) \
		$(PKG_PY) -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
			'llama-cpp-python>=0.3.8' --wheel-dir $(PORTABLE_WHEELS) && \
	$(PKG_PY) -m pip install --force-reinstall --no-deps \
		$$(ls -t $(PORTABLE_WHEELS)/llama_cpp_python-*.whl | head -n 1)
	@# Installed for its dependencies and metadata; the spec takes the code from the checkout.
	$(PKG_PY) -m pip install . 'pyinstaller>=6.10,<7'
	rm -f $(PKG_VENV)/.installed-*
	touch $@

package: $(PKG_STAMP)
	rm -rf $(BUNDLE)
	$(PKG_VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/humanize.spec
	cp packaging/install.sh $(BUNDLE)/install.sh
	mkdir -p $(BUNDLE)/share/applications $(BUNDLE)/share/metainfo
	cp packaging/humanize-writer.desktop $(BUNDLE)/share/applications/
	cp packaging/io.github.humanize.Humanize.metainfo.xml $(BUNDLE)/share/metainfo/
	cp -r packaging/icons $(BUNDLE)/share/icons
	rm -rf build/selftest-config
	@# In an empty network namespace where the system allows one: the bundle must need no network.
	if unshare --map-root-user --net true 2>/dev/null; then NONET="unshare --map-root-user --net"; \
		echo "Self-test without network access:"; else NONET=""; fi; \
	QT_QPA_PLATFORM=offscreen $$NONET $(BUNDLE)/humanize-writer --selftest \
		--config-dir build/selftest-config
	@du -sh $(BUNDLE)

# `make train-humanizer`: Humanize's rewriter adapter (training/humanizer/README.md), trained
# on this machine's CPU and written to app/resources/models/humanize-lora.gguf with its model
# card. Its own environment holds the `train` extra (torch's CPU build, transformers, peft,
# gguf), which `make run` and `make test` never install; the steps that need the app's checks
# and llama.cpp run in .venv. ARGS go to train.py (e.g. ARGS=--tiny for a quick try).
TRAIN_VENV  ?= .venv-train
TRAIN_PY    := $(TRAIN_VENV)/bin/python
TRAIN_STAMP := $(TRAIN_VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
TRAIN_REQUIREMENTS = $(PYTHON) -c "import tomllib; print(' '.join(tomllib.load(open( \
	'pyproject.toml', 'rb'))['project']['optional-dependencies']['train']))"

$(TRAIN_STAMP): pyproject.toml
	test -x $(TRAIN_PY) || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_PY) -m pip install --quiet --upgrade pip
	$(TRAIN_PY) -m pip install $$($(TRAIN_REQUIREMENTS))
	rm -f $(TRAIN_VENV)/.installed-*
	touch $@

train-humanizer: $(STAMP) $(TRAIN_STAMP)
	$(TRAIN_PY) training/humanizer/train.py --app-python $(PY) $(ARGS)

clean:
	rm -rf $(VENV) $(PKG_VENV) $(TRAIN_VENV) build dist *.egg-info .pytest_cache
