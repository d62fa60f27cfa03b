#!/usr/bin/env bash
# A throwaway Dask cluster on 127.0.0.1 for the `compliance batch --scheduler` tests: one
# `dask scheduler` and two single-threaded `dask worker` processes (each under its nanny,
# which restarts a killed worker), from the project's virtualenv.
#
#   eval "$(bash .ci/dask.sh)"      # starts them, exports COMPLIANCE_TEST_DASK_SCHEDULER
#   bash .ci/dask.sh stop           # stops them
#
# stdout carries only the `export` line (so eval works); progress goes to stderr. Settings:
# DASK_TEST_PORT (18786), DASK_TEST_DIR (/tmp/compliance-dask), DASK_TEST_PYTHON (.venv/bin/python).
# The tests kill workers on purpose: a task is re-run once after a worker death
# (allowed-failures=1), then split by the backend.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${DASK_TEST_PORT:-18786}
DIR=${DASK_TEST_DIR:-/tmp/compliance-dask}
PY=${DASK_TEST_PYTHON:-.venv/bin/python}
ADDR="tcp://127.0.0.1:$PORT"

log() { echo "dask.sh: $*" >&2; }

stop() {
  for f in "$DIR"/worker-*.pid "$DIR"/scheduler.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

if [ "${1:-start}" = "stop" ]; then
  stop
  exit 0
fi

if [ ! -x "$PY" ]; then
  log "no $PY: run after the virtualenv is made (pip install -e '.[test]')"
  exit 1
fi
"$PY" -c "import distributed" 2>/dev/null || { log "dask[distributed] is missing: pip install -e '.[cluster]'"; exit 1; }

mkdir -p "$DIR"
stop
export DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=1
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
log "scheduler on $ADDR"
setsid "$PY" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port "$PORT" --no-dashboard \
  > "$DIR/scheduler.log" 2>&1 < /dev/null &
echo $! > "$DIR/scheduler.pid"
for i in 1 2; do
  setsid "$PY" -m distributed.cli.dask_worker "$ADDR" --host 127.0.0.1 --nthreads 1 --nworkers 1 \
    --memory-limit 2GB --no-dashboard --local-directory "$DIR/w$i" > "$DIR/worker-$i.log" 2>&1 < /dev/null &
  echo $! > "$DIR/worker-$i.pid"
done
"$PY" - "$ADDR" >&2 <<'PY'
import sys
from distributed import Client
with Client(sys.argv[1], timeout=60) as c:
    c.wait_for_workers(2, timeout=120)
    print("dask.sh: ready:", len(c.scheduler_info()["workers"]), "workers")
PY
echo "export COMPLIANCE_TEST_DASK_SCHEDULER='$ADDR'"
