#!/usr/bin/env bash
# The Python adapters on the real engines: build and install python/ into a fresh virtual
# environment with pip, install the pinned engines (scripts/engines-requirements.txt: datatrove,
# PySpark, Ray Data), then run pytest over python/tests/engines. The tests start datatrove's
# LocalPipelineExecutor (2 workers over a WARC made from fixtures/), PySpark local[2] and
# ray.init(num_cpus=2); they use no network (the installs do). Prints each step's and the whole
# run's wall time, and each engine test's time.
# Usage: bash scripts/engines-test.sh [VENV_DIR]   (default: target/engines-venv)
# HTMLSIEVE_WHEEL=path/to.whl installs that wheel instead of building ./python.
# Needs python3 (>= 3.10 for datatrove), a Rust toolchain and a JDK (for PySpark) on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-target/engines-venv}
start=$(date +%s)
step() { echo "engines-test: $1 ($(( $(date +%s) - start )) s so far)"; }

python3 -m venv "$venv"
venv=$(cd "$venv" && pwd)
"$venv/bin/pip" install -q --upgrade pip >/dev/null
step "installing the pinned engines"
"$venv/bin/pip" install -q -r scripts/engines-requirements.txt
# HTMLSIEVE_WHEEL: a wheel already built from ./python (CI builds one for both Python scripts).
step "building and installing ./python"
"$venv/bin/pip" install -q "${HTMLSIEVE_WHEEL:-./python}"
step "running python/tests/engines"
# Ray and Spark must not phone home or open UIs; Spark binds to the loopback address.
export RAY_USAGE_STATS_ENABLED=0 SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON="$venv/bin/python"
rc=0
"$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests/engines || rc=$?
echo "engines-test: whole run $(( $(date +%s) - start )) s wall, pytest exit $rc"
exit $rc
