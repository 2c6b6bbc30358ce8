# make demo: set up everything on a fresh machine and run the demo crawl.
# make test: the same set-up, then lint and the test suite.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test setup system lint bench clean

setup: system $(STAMP)

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

# pywb (Webrecorder's replay server, for the replay test and for replaying bundles) lives in
# its own virtualenv: it pins redis 2.x, and the cluster needs redis 5+.
PYWB := $(VENV)/pywb
PYWB_SPEC := pywb>=2.10,<2.11

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[test]'
	test -x $(PYWB)/bin/python || python3 -m venv $(PYWB)
	$(PYWB)/bin/python -m pip install -q '$(PYWB_SPEC)'
	touch $(STAMP)

demo: setup
	$(VENV)/bin/greenroom demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup lint
	$(VENV)/bin/pytest -q

bench: setup
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info
