#!/usr/bin/env bash
# Pin every dependency at an exact version in constraints.txt: the runtime packages and all the
# extras of pyproject.toml, and everything they pull in, resolved for Linux and the Python that
# runs this script (3.11 on the project's machines). scripts/install.sh, and so CI, install with
# these pins: pip install -c constraints.txt -e ".[test]".
#
#   bash scripts/lock.sh            keeps the versions pinned already; pins what pyproject.toml
#                                   added (at the newest version its range allows), drops what
#                                   nothing needs any more
#   bash scripts/lock.sh --upgrade  every package at the newest version pyproject.toml allows
#
# After changing the dependencies in pyproject.toml run it, then `bash scripts/install.sh`, and
# commit constraints.txt with pyproject.toml (tests/test_dependencies.py fails while a dependency
# has no pin or a pin is outside its range). Nothing is installed: pip only resolves.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3

keep=(-c constraints.txt)
if [ "${1:-}" = "--upgrade" ] || [ ! -f constraints.txt ]; then keep=(); fi

extras=$("$PY" -c 'import tomllib; print(",".join(tomllib.load(open("pyproject.toml", "rb"))["project"].get("optional-dependencies", {})))')
report=$(mktemp)
trap 'rm -f "$report" constraints.txt.new' EXIT

if ! "$PY" -m pip install --quiet --dry-run --ignore-installed --report "$report" "${keep[@]}" ".[$extras]"; then
  echo "A pin in constraints.txt no longer fits pyproject.toml: run 'bash scripts/lock.sh --upgrade'" >&2
  echo "(or raise that one pin by hand and run this again)." >&2
  exit 1
fi

"$PY" - "$report" >constraints.txt.new <<'EOF'
import json
import platform
import sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
pins = sorted(
    (item["metadata"]["name"], item["metadata"]["version"])
    for item in report["install"]
    if item["metadata"]["name"].lower() != "counter-app"
)
print("# Exact versions of every package counter-app installs: its dependencies, all the extras")
print("# of pyproject.toml and what they pull in. Made by `bash scripts/lock.sh` from pyproject.toml")
print(f"# (resolved on Linux, Python {platform.python_version()}); do not edit by hand.")
print('# Used as: pip install -c constraints.txt -e ".[test]"   (scripts/install.sh, and so CI)')
for name, version in sorted(pins, key=lambda p: p[0].lower()):
    print(f"{name}=={version}")
EOF
mv constraints.txt.new constraints.txt
echo "constraints.txt: $(grep -c '==' constraints.txt) pins"
