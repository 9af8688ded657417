"""The command line as a new user meets it: exit codes, one-line messages, language, --db."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "counter_app", *args], cwd=ROOT, capture_output=True,
                          text=True, env=full_env, timeout=120)


def test_init_creates_then_reports_current(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    first = run("init", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "数据库已建立" in first.stdout
    second = run("init", "--db", db, "--json")
    assert second.returncode == 0
    assert json.loads(second.stdout)["action"] == "current"


def test_db_option_before_the_command_and_environment_variable(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    assert run("--db", str(db), "init").returncode == 0
    out = run("init", env={"COUNTER_APP_DB": str(db)})
    assert out.returncode == 0 and "已是最新" in out.stdout


def test_damaged_file_gives_one_line_and_non_zero_exit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(os.urandom(8192))
    out = run("init", "--db", str(bad))
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")
    assert "Traceback" not in out.stderr


def test_english_messages(tmp_path: Path) -> None:
    out = run("--lang", "en", "init", "--db", str(tmp_path / "e.sqlite3"))
    assert out.returncode == 0
    assert out.stdout.startswith("Database created")


def test_unknown_command_is_refused(tmp_path: Path) -> None:
    out = run("frobnicate", "--db", str(tmp_path / "x.sqlite3"))
    assert out.returncode == 2
