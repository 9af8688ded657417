#!/usr/bin/env bash
# Run the whole test suite offscreen (installs first if needed).
#
# Two passes: first on SQLite files (and the fast tests again with the system clock moved),
# then on PostgreSQL. For the second pass a private
# PostgreSQL cluster is started from Debian's package in a temporary folder on a free local
# port (as the `postgres` user when run as root), and removed afterwards. If PostgreSQL
# cannot start, the PostgreSQL pass is skipped with a visible message.
# COUNTER_APP_TEST_PG=0 skips the PostgreSQL pass; COUNTER_APP_TEST_PG_URL=... uses a
# server you already have instead of starting one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export QT_QPA_PLATFORM=offscreen
PY=.venv/bin/python

# ---- PostgreSQL ---------------------------------------------------------------------------
PG_DIR=""
PG_AS=""
PG_BIN=""
stop_pg() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
    $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

start_pg() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL binaries not found under /usr/lib/postgresql"; return 1
  fi
  PG_AS=""
  PG_DIR=$(mktemp -d /tmp/counter-app-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "no postgres user to run the server as"; return 1; }
    chown postgres "$PG_DIR"
    PG_AS="runuser -u postgres --"
  fi
  local port
  port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $PG_AS "$PG_BIN/initdb" -D "$PG_DIR/data" -U counter -A trust -E UTF8 --locale=C --no-sync \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
  # A throwaway test cluster: no fsync (the crash tests kill clients, not the server).
  $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/server.log" 2>/dev/null; return 1; }
  export COUNTER_APP_TEST_PG_URL="postgresql://counter@127.0.0.1:$port/postgres"
}

# ---- the clock moved ----------------------------------------------------------------------
# The tests run on a pinned clock (tests/conftest.py); this proves that nothing reads the
# computer's clock behind it. The fast unit and window tests run with the system clock moved
# (libfaketime) to a week later, to a year-end that crosses into ISO week 53 / the new year,
# to a Sunday 23:59 and to a Monday 00:05. An offset (not a fixed start) keeps one shared time
# across the processes a test starts.
clock_offsets() {
  $PY - <<'PY'
import datetime as dt
now = dt.datetime.now()
sunday = (now + dt.timedelta(days=(6 - now.weekday()) % 7 or 7)).replace(hour=23, minute=59, second=0)
moments = {
    "a week later": now + dt.timedelta(days=8),
    "year-end": now.replace(month=12, day=31, hour=23, minute=59, second=0),
    "Sunday 23:59": sunday,
    "Monday 00:05": (sunday + dt.timedelta(days=1)).replace(hour=0, minute=5),
}
for name, when in moments.items():
    if when <= now:  # this year's year-end already passed: the next one
        when = when.replace(year=when.year + 1)
    print(f"{int((when - now).total_seconds())}|{when:%Y-%m-%d %H:%M} ({name})")
PY
}

run_clock_moved() {
  if ! command -v faketime >/dev/null 2>&1; then
    echo "!! faketime is not installed: the moved-clock pass is SKIPPED !!"; return 0
  fi
  local rc=0 offset label
  while IFS='|' read -r offset label; do
    echo "== Test pass 1b: unit and window tests, system clock at $label =="
    faketime -f "+${offset}s" $PY -m pytest -q -p no:cacheprovider tests/unit tests/ui || rc=1
  done < <(clock_offsets)
  return $rc
}

# ---- the passes ---------------------------------------------------------------------------
echo "== Test pass 1: SQLite =="
set +e
$PY -m pytest "$@"
rc_sqlite=$?
set -e

rc_clock=0
if [ $# -eq 0 ] && [ "${COUNTER_APP_TEST_CLOCK:-1}" != "0" ]; then
  set +e
  run_clock_moved
  rc_clock=$?
  set -e
fi

rc_pg=0
if [ "${COUNTER_APP_TEST_PG:-1}" = "0" ]; then
  echo "== Test pass 2 (PostgreSQL) skipped: COUNTER_APP_TEST_PG=0 =="
else
  started=""
  if [ -z "${COUNTER_APP_TEST_PG_URL:-}" ]; then
    trap stop_pg EXIT
    if start_pg; then started=1; else
      echo "!! PostgreSQL could not be started: the PostgreSQL test pass is SKIPPED !!"
    fi
  fi
  if [ -n "${COUNTER_APP_TEST_PG_URL:-}" ]; then
    # The command-line tests act as the console account on throwaway databases.
    export COUNTER_APP_CONSOLE_ON_SHARED=1
    pg_args=("$@")
    if [ ${#pg_args[@]} -eq 0 ]; then
      # Everything that touches the database; the window tests run on SQLite only, to keep
      # CI's time (the windows call the same services, tested here on PostgreSQL).
      pg_args=(tests/integration tests/e2e tests/unit tests/test_architecture.py)
    fi
    echo "== Test pass 2: PostgreSQL (${COUNTER_APP_TEST_PG_URL}): ${pg_args[*]} =="
    set +e
    $PY -m pytest "${pg_args[@]}"
    rc_pg=$?
    set -e
  fi
  if [ -n "$started" ]; then stop_pg; fi
fi

if [ "$rc_sqlite" -ne 0 ] || [ "$rc_clock" -ne 0 ] || [ "$rc_pg" -ne 0 ]; then
  echo "Tests failed (SQLite pass: exit $rc_sqlite, moved clock: exit $rc_clock, PostgreSQL pass: exit $rc_pg)"
  exit 1
fi
