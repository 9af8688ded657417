"""`counter-app demo` as the start script and a new user run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTER_APP_") or k == "COUNTER_APP_HOME"}
    return subprocess.run([sys.executable, "-m", "counter_app", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=180)


def test_demo_prints_logins_and_pin_then_if_empty_does_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite3")
    first = run("demo", "--customers", "40", "--seed", "3", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "顾客 40 位" in first.stdout and "PIN 均为 1234" in first.stdout
    assert "sh01-" in first.stdout and "hq-" in first.stdout
    again = run("demo", "--if-empty", "--db", db, "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["created"] is False
    assert "已有数据" in run("demo", "--if-empty", "--db", db).stdout
    refused = run("demo", "--db", db)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == ["错误：数据库里已有门店、顾客或销售单：演示数据只写入空数据库。"]


def test_demo_json_and_bad_count(tmp_path: Path) -> None:
    out = run("demo", "--customers", "25", "--json", "--db", str(tmp_path / "j.sqlite3"))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["created"] and data["customers"] == 25 and data["pin"] == "1234"
    assert set(data["slips"]) == {"received", "sent", "back", "notified", "collected", "cancelled"}
    bad = run("demo", "--customers", "0", "--db", str(tmp_path / "k.sqlite3"))
    assert bad.returncode == 1 and bad.stderr.startswith("错误：顾客人数")
