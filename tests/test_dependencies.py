"""Every dependency named in pyproject.toml has an exact pin in constraints.txt, inside its range.

constraints.txt is what scripts/install.sh and CI install with; `bash scripts/lock.sh` makes it
from pyproject.toml. A dependency added to pyproject.toml without running the lock script, or
a floor raised above the pinned version, fails here.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TOOLS_RUN_BY_TESTS = ("ruff", "mypy")  # tests/test_code_quality.py: their verdicts change with the version


def requirements() -> list[tuple[str, Requirement]]:
    """(where, requirement) for the runtime dependencies and every extra."""
    project = PYPROJECT["project"]
    found = [("dependencies", Requirement(r)) for r in project.get("dependencies", [])]
    for extra, reqs in project.get("optional-dependencies", {}).items():
        found += [(f"optional-dependencies.{extra}", Requirement(r)) for r in reqs]
    return found


def pins() -> dict[NormalizedName, Version]:
    out: dict[NormalizedName, Version] = {}
    for n, raw in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==" and "*" not in spec[0].version and not req.marker, (
            f"constraints.txt:{n}: {raw!r} is not an exact pin (name==version)")
        name = canonicalize_name(req.name)
        assert name not in out, f"constraints.txt:{n}: {req.name} pinned twice"
        out[name] = Version(spec[0].version)
    return out


def applies(marker: Marker | None, extra: str = "") -> bool:
    return marker is None or marker.evaluate({"extra": extra})


def test_every_requirement_is_pinned_inside_its_range() -> None:
    pinned = pins()
    missing, outside = [], []
    for where, req in requirements():
        if not applies(req.marker):
            continue  # e.g. a Windows-only package: the lock is resolved on Linux
        version = pinned.get(canonicalize_name(req.name))
        if version is None:
            missing.append(f"{where}: {req}")
        elif not req.specifier.contains(version, prereleases=True):
            outside.append(f"{where}: {req} but constraints.txt has {version}")
    hint = "\nrun `bash scripts/lock.sh` and commit constraints.txt"
    assert missing == [], "no pin for:\n" + "\n".join(missing) + hint
    assert outside == [], "pin outside the range:\n" + "\n".join(outside) + hint


def test_what_an_extra_of_a_requirement_pulls_in_is_pinned_too() -> None:
    """psycopg[binary] needs psycopg-binary, reportlab[accel] needs rl_accel: those get pins as well."""
    pinned = pins()
    missing = []
    for where, req in requirements():
        if not req.extras or not applies(req.marker):
            continue
        try:
            requires = importlib.metadata.requires(req.name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # not installed here: the first test still checks the package itself
        for extra in req.extras:
            for dep in map(Requirement, requires):
                if dep.marker is not None and "extra" in str(dep.marker) and applies(dep.marker, extra):
                    if canonicalize_name(dep.name) not in pinned:
                        missing.append(f"{where}: {req} needs {dep.name}")
    assert missing == [], "no pin for:\n" + "\n".join(missing) + "\nrun `bash scripts/lock.sh`"


def test_the_tools_the_tests_run_are_pinned_exactly_in_pyproject() -> None:
    pinned = pins()
    by_name = {canonicalize_name(r.name): r for _, r in requirements()}
    for tool in TOOLS_RUN_BY_TESTS:
        req = by_name[canonicalize_name(tool)]
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==", f"{req}: pin {tool} to one version in pyproject.toml"
        assert Version(spec[0].version) == pinned[canonicalize_name(tool)]
