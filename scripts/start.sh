#!/usr/bin/env bash
# Install (if needed), create the database with demo data on first run, start the window.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/counter-app init
if ! .venv/bin/counter-app demo --if-empty; then
  echo "demo data could not be loaded" >&2
  exit 1
fi
exec .venv/bin/counter-app "$@"
