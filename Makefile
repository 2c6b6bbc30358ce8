# make demo: set up everything on a fresh machine and run the demo crawl.
# make test: the same set-up, then lint (ruff, the import layering) and the test suite.
# make lock: re-pin requirements.lock after pyproject.toml's dependencies changed.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# pywb (Webrecorder's replay server, for the replay test and for replaying bundles) lives in
# its own virtualenv, pinned by requirements-pywb.lock: it pins redis 2.x, the cluster
# needs redis 8.
PYWB := $(VENV)/pywb
PYWB_LOCK := requirements-pywb.lock
PYWB_STAMP := $(PYWB)/.installed

.PHONY: demo test setup system lint bench clean lock

setup: system $(STAMP) $(PYWB_STAMP)

# Debian packages: chromium-headless-shell (rooms are rendered in it), chromium (the UI
# tests view pages in it), CJK fonts for screenshots, redis-server (the cluster tests
# start their own on loopback).
APT_PACKAGES := chromium chromium-headless-shell fonts-noto-cjk redis-server

system:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Every package, ours and theirs, at the version pinned in requirements.lock: the same
# install every night. A changed pyproject.toml or lock file reinstalls.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -c $(LOCK) -e '.[test]'
	touch $(STAMP)

# pywb, pinned, in its own virtualenv (see PYWB above).
$(PYWB_STAMP): $(PYWB_LOCK) $(STAMP)
	test -x $(PYWB)/bin/python || python3 -m venv $(PYWB)
	$(PYWB)/bin/python -m pip install -q -r $(PYWB_LOCK)
	touch $(PYWB_STAMP)

# Pin what pyproject.toml asks for (with the test extra) in requirements.lock. Pins already
# there are kept; `make lock UPGRADE=1` moves every pin to the newest release allowed.
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q 'pip-tools>=7.7,<8'
	$(VENV)/bin/pip-compile -q --extra test --strip-extras --no-emit-index-url \
		--no-emit-find-links $(if $(UPGRADE),--upgrade) -o $(LOCK) pyproject.toml

demo: setup
	$(VENV)/bin/greenroom demo

# lint-imports: the layering contracts of pyproject.toml's [tool.importlinter] (DESIGN.md).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: setup lint
	$(VENV)/bin/pytest -q

bench: setup
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info
