"""A windowed executable starts with no standard streams: the commands still run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NO_CONSOLE = "import sys\nsys.stdout = None\nsys.stderr = None\nfrom counter_app.cli import main\n"


def run_without_console(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = NO_CONSOLE + f"raise SystemExit(main({list(args)!r}))\n"
    env = {**os.environ, "COUNTER_APP_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=120)


def test_commands_write_to_the_console_log_when_there_is_no_console(tmp_path: Path) -> None:
    out = run_without_console(tmp_path, "init", "--db", str(tmp_path / "c.sqlite3"))
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    errors = run_without_console(tmp_path, "slip", "show", "SH01-2026-999999", "--db", str(tmp_path / "c.sqlite3"))
    assert errors.returncode != 0
    log = (tmp_path / "console.log").read_text(encoding="utf-8")
    assert "数据库已建立" in log
    assert "错误：" in log
    helped = run_without_console(tmp_path, "--help")
    assert helped.returncode == 0
    assert "usage: counter-app" in (tmp_path / "console.log").read_text(encoding="utf-8")
