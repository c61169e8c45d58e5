# Two commands (see README): `make run` starts the app, `make test` runs every test.
# Both install what they need first (Debian/Ubuntu packages with apt-get, a
# virtual environment with the project in it), are idempotent, and never ask.

VENV      ?= .venv
PYTHON    ?= python3
PY        := $(VENV)/bin/python
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT       := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
RUN_PKGS  := tesseract-ocr tesseract-ocr-eng tesseract-ocr-jpn python3-venv
TEST_PKGS := chromium fonts-dejavu-core fonts-noto-cjk fonts-liberation fonts-urw-base35 \
             xfonts-base fonts-open-sans fonts-vlgothic
HOST      ?= 0.0.0.0
PORT      ?= 8000

.PHONY: run test lint system-run system-test venv venv-test bench samples clean

run: system-run venv
	$(VENV)/bin/aoh-helper serve --host $(HOST) --port $(PORT) $(ARGS)

test: system-run system-test venv-test
	$(VENV)/bin/ruff check .
	node --test tests/js/
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# apt-get only runs when a package is missing, so repeated runs are quick.
system-run:
	@missing=$$(for p in $(RUN_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $$missing; \
	fi

system-test:
	@missing=$$(for p in $(TEST_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

# Fresh pictures (seeds never used while tuning), five engines, one run: see samples/benchmark.py.
bench: system-run venv-test
	$(PY) -m samples.benchmark $(ARGS)

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache .hypothesis
