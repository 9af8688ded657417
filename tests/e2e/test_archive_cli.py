"""`counter-app archive`, `archive sign` and `summary` as a new user types them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.bootstrap import open_app
from tests.factories import build_world

ROOT = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTER_APP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "counter_app", *args, "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=180)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "chain.sqlite3"
    ctx = open_app(str(path))
    build_world(ctx)
    ctx.close()
    return path


def test_archive_writes_both_copies_and_prints_their_paths(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run(db, "archive", "--store", "SH01", "--week", "2026-W47", "--out", str(out), home=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.split()
    assert [Path(p).name for p in lines] == ["SH01-2026-W47-hq.pdf", "SH01-2026-W47-hq.xlsx",
                                            "SH01-2026-W47-store.pdf", "SH01-2026-W47-store.xlsx"]
    assert all(Path(p).stat().st_size > 1000 for p in lines)

    res = run(db, "archive", "--store", "SH01", "--week", "2026W47", "--out", str(tmp_path / "hq"), "--copy", "hq",
              "--json", home=tmp_path)
    data = json.loads(res.stdout)
    assert data["records"] == 2 and data["status"] == "open"
    assert [Path(p).name for p in data["paths"]] == ["SH01-2026-W47-hq.pdf", "SH01-2026-W47-hq.xlsx"]


def test_archive_sign_then_the_week_is_locked(db: Path, tmp_path: Path) -> None:
    res = run(db, "archive", "sign", "--store", "SH01", "--week", "2026-W47", home=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "已签核" in res.stdout
    stored = [Path(p) for p in res.stdout.splitlines()[1:]]
    assert len(stored) == 4 and all(p.exists() and str(tmp_path) in str(p) for p in stored)
    again = run(db, "archive", "sign", "--store", "SH01", "--week", "2026-W47", home=tmp_path)
    assert again.returncode == 1 and "已经签核" in again.stderr and again.stdout == ""
    review = run(db, "archive", "review", "--store", "SH01", "--week", "2026-W47", "--json", home=tmp_path)
    assert json.loads(review.stdout)["status"] == "signed"


def test_empty_week_and_bad_weeks_exit_1_with_one_line(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    res = run(db, "archive", "--store", "SH01", "--week", "2026-W40", "--out", str(out), home=tmp_path)
    assert res.returncode == 1 and "没有客户记录" in res.stderr and len(res.stderr.splitlines()) == 1
    assert not out.exists() or not list(out.iterdir())
    for bad in ("2026-W54", "2026-47", "W47"):
        res = run(db, "archive", "--store", "SH01", "--week", bad, "--out", str(out), home=tmp_path)
        assert res.returncode == 1 and res.stderr.startswith("错误：") and len(res.stderr.splitlines()) == 1
    res = run(db, "archive", "--store", "XX99", "--week", "2026-W47", "--out", str(out), home=tmp_path)
    assert res.returncode == 1 and "XX99" in res.stderr


def test_summary_for_month_quarter_year(db: Path, tmp_path: Path) -> None:
    for flag, value, name in (("--month", "2026-11", "2026-11"), ("--quarter", "2026-Q4", "2026-Q4"),
                              ("--year", "2026", "2026")):
        res = run(db, "summary", "--store", "SH01", flag, value, "--out", str(tmp_path / "s"), home=tmp_path)
        assert res.returncode == 0, res.stderr
        assert [Path(p).name for p in res.stdout.split()] == [f"SH01-summary-{name}.pdf", f"SH01-summary-{name}.xlsx"]
    res = run(db, "summary", "--store", "SH01", "--month", "2026-11", "--out", str(tmp_path / "s"), "--json",
              home=tmp_path)
    assert json.loads(res.stdout)["figures"]["customers_served"] == 2
    res = run(db, "summary", "--store", "SH01", "--month", "2026-13", "--out", str(tmp_path / "s"), home=tmp_path)
    assert res.returncode == 1 and "2026-13" in res.stderr
