#!/usr/bin/env bash
# Run the whole test suite offscreen (installs first if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
