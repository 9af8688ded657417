"""What a new user does with an installed program, for the wheel and the bundle alike.

Every command runs with its working folder outside the checkout, a fresh data folder
(COUNTER_APP_HOME) and none of the variables that could point back into the checkout.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
GUI_SMOKE = Path(__file__).with_name("gui_smoke.py")
PAGE_KEYS = ["home", "intake", "slips", "quotes", "customers", "archive", "settings"]


def outside_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "COUNTER_APP_DB", "COUNTER_APP_RESOURCES",
                        "COUNTER_APP_LANG", "COUNTER_APP_USER", "COUNTER_APP_STORE"}}
    env["COUNTER_APP_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


@dataclass
class Installed:
    """How to start the installed program: `counter-app …` and the sign-in driver."""

    command: list[str]
    gui_smoke: list[str]
    workdir: Path
    env: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self._run([*self.command, *args], " ".join(args[:2]), timeout)

    def _run(self, argv: list[str], label: str, timeout: float) -> subprocess.CompletedProcess[str]:
        start = time.perf_counter()
        out = subprocess.run(argv, cwd=self.workdir, env=self.env, capture_output=True, text=True,
                             encoding="utf-8", timeout=timeout)
        self.timings[label] = round(time.perf_counter() - start, 2)
        assert out.returncode == 0, f"{label}: exit {out.returncode}\n{out.stdout}\n{out.stderr}"
        return out


def new_user_session(program: Installed) -> dict[str, object]:
    """init, demo, slip print, English help, then the windows: what each step showed."""
    assert not program.workdir.is_relative_to(ROOT)
    seen: dict[str, object] = {}
    assert "数据库已建立" in program.run("init").stdout

    demo = program.run("demo", "--customers", "50").stdout
    pin = re.search(r"PIN[^0-9]*(\d+)", demo)
    manager = re.search(r"^\s+(\S+)\s+\S+\s+店长\s", demo, re.MULTILINE)
    assert pin and manager, demo
    seen["login"] = manager.group(1)

    slips = json.loads(program.run("slip", "list", "--json").stdout)
    number = slips[0]["number"]
    pdf = program.workdir / "slip.pdf"
    program.run("slip", "print", number, "--out", str(pdf))
    text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "维修单" in text and number in text, text[:500]
    fonts = {str(f.get_object().get("/BaseFont")) for page in PdfReader(pdf).pages
             for f in (page["/Resources"].get_object().get("/Font") or {}).values()}
    assert any("WenQuanYi" in f for f in fonts), fonts

    english = program.run("--lang", "en", "--help").stdout
    assert "Jewelry service counter" in english, english
    english_demo = program.run("--lang", "en", "demo", "--help").stdout
    assert "database: SQLite file path" in english_demo, english_demo

    report = gui_session(program, manager.group(1), pin.group(1))
    seen["gui"] = report
    return seen


def gui_session(program: Installed, login: str, pin: str) -> dict[str, object]:
    out = program._run([*program.gui_smoke, login, pin], "gui", timeout=300)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines, out.stdout + out.stderr
    report: dict[str, object] = json.loads(lines[-1])
    assert report["code"] == 0, report
    assert report["pages"] == PAGE_KEYS, report
    assert report["sign_in_title"] == "登录" and report["window_title"] == "珠宝售后服务柜台", report
    assert report["qt_cancel"] == "取消", report  # Qt's own catalogue was found and loaded
    assert report["settings_tabs"] == report["settings_tabs_expected"], report
    return report
