# Two commands do everything: `make demo` (the nightly pipeline on the bundled offline site) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: demo test install lock clean

demo: $(STAMP)
	$(BIN)/incidents demo

test: $(STAMP)
	$(BIN)/pytest

install: $(STAMP)

# Re-installs when the declared dependencies or their pins change.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Re-resolve the pins from pyproject.toml in a throwaway venv and rewrite constraints.txt.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# Pinned versions for a reproducible install (make uses: pip install -c constraints.txt -e '.[test]')."; \
	  echo "# Regenerate after changing dependencies in pyproject.toml: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^brussels-incidents'; } > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) data test-output .pytest_cache
