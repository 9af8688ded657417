"""`counter-app import-sales` as a new user runs it: exit codes, JSON on stdout, one line on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.sales_files import ZH_HEADER, ZH_ROWS, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTER_APP_") or k == "COUNTER_APP_HOME"}
    return subprocess.run([sys.executable, "-m", "counter_app", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=180)


def test_import_then_reimport_json(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    path = write_csv(tmp_path / "pos.csv", ZH_HEADER, ZH_ROWS, encoding="gbk")
    first = run("import-sales", str(path), "--db", db, "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert (data["imported"], data["skipped"], data["errors"]) == (4, 0, [])
    assert data["customers_created"] == 2 and sorted(data["stores_created"]) == ["BJ01", "SH01"]
    again = run("import-sales", str(path), "--db", db, "--json")
    assert again.returncode == 0
    data = json.loads(again.stdout)
    assert (data["imported"], data["skipped"], data["errors"]) == (0, 4, [])
    text = run("import-sales", str(path), "--db", db)
    assert text.returncode == 0 and "跳过 4 行" in text.stdout


def test_bad_file_exit_1_errors_in_json_and_one_line_on_stderr(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    rows = [list(r) for r in ZH_ROWS]
    rows[2][11] = "abc"  # row 4 of the sheet
    path = write_xlsx(tmp_path / "pos.xlsx", ZH_HEADER, rows)
    out = run("import-sales", str(path), "--db", db, "--json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["imported"] == 0
    assert [(e["row"], e["column"], e["message"]) for e in data["errors"]] == [(4, "售价(元)", "不是金额 'abc'")]
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and "什么都没有写入" in lines[0]
    human = run("import-sales", str(path), "--db", db)
    assert human.returncode == 1
    assert "第 4 行 售价(元): 不是金额 'abc'" in human.stdout
    # nothing was written: a good import afterwards starts from zero
    rows[2][11] = "8800"
    fixed = run("import-sales", str(write_xlsx(tmp_path / "ok.xlsx", ZH_HEADER, rows)), "--db", db, "--json")
    assert json.loads(fixed.stdout)["imported"] == 4


def test_store_option_and_missing_file(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    path = write_csv(tmp_path / "s.csv", ["单号", "日期", "货号", "金额"], [["T1", "2026/1/5", "A1", "￥1,000"]])
    no_store = run("import-sales", str(path), "--db", db)
    assert no_store.returncode == 1 and "--store" in no_store.stdout
    ok = run("import-sales", str(path), "--store", "gz01", "--db", db, "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["stores_created"] == ["GZ01"]
    missing = run("import-sales", str(tmp_path / "nope.csv"), "--db", db)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [f"错误：找不到文件：{tmp_path / 'nope.csv'}"]


def test_english_messages(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", ["receipt_no", "sold_at", "store", "product_code", "price"],
                     [["T1", "2026-01-05", "SH01", "A1", "abc"]])
    out = run("--lang", "en", "import-sales", str(path), "--db", str(tmp_path / "c.sqlite3"))
    assert out.returncode == 1
    assert "Row 2 price: not an amount 'abc'" in out.stdout
    assert out.stderr.startswith("Error: Import failed")
