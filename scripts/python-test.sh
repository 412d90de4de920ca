#!/usr/bin/env bash
# The Python package's tests: build and install python/ into a fresh virtual environment with pip
# (as a user would: `pip install ./python`), then run pytest over python/tests. HTMLSIEVE_BIN, when
# set, names a CLI binary whose JSONL record the package's record is compared with.
# Usage: bash scripts/python-test.sh [VENV_DIR]   (default: target/python-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-target/python-venv}
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip >/dev/null
"$venv/bin/pip" install -q pytest
# HTMLSIEVE_WHEEL: a wheel already built from ./python (CI builds one for both Python scripts).
"$venv/bin/pip" install -q "${HTMLSIEVE_WHEEL:-./python}"
if [ -z "${HTMLSIEVE_BIN:-}" ] && [ -x target/release/htmlsieve ]; then
    export HTMLSIEVE_BIN=$PWD/target/release/htmlsieve
fi
"$venv/bin/python" -m pytest -q python/tests
