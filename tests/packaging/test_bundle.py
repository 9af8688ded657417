"""The PyInstaller bundle runs: built from packaging/counter-app.spec, then --help, demo,
slip print, English and the windows through sign-in into every page, offscreen, from a
folder outside the checkout.

A few minutes on two cores (the build takes most of it). The test build adds one
executable, counter-app-smoke, made from gui_smoke.py on the same modules and data, which
signs in and opens every page; the console and windowed executables are the shipped ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.packaging.smoke import GUI_SMOKE, ROOT, Installed, new_user_session, outside_env

pytestmark = [
    pytest.mark.slow, pytest.mark.packaging, pytest.mark.timeout(1800),
    pytest.mark.skipif(sys.platform != "linux", reason="the bundle's smoke test runs on Linux"),
]

SPEC = ROOT / "packaging" / "counter-app.spec"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def test_bundle_built_by_pyinstaller_runs(tmp_path: Path) -> None:
    started = time.perf_counter()
    env = {**os.environ, "COUNTER_APP_BUNDLE_SMOKE": str(GUI_SMOKE)}
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "work"), str(SPEC)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1500)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-6000:]
    built_s = time.perf_counter() - started
    bundle = tmp_path / "dist" / "counter-app"
    for exe in ("counter-app", "counter-app-gui", "counter-app-smoke"):
        assert (bundle / exe).is_file()
    shipped = folder_size(bundle) - (bundle / "counter-app-smoke").stat().st_size
    print(f"bundle built in {built_s:.0f} s: {shipped / 1e6:.0f} MB without the smoke executable")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    program = Installed(command=[str(bundle / "counter-app")], gui_smoke=[str(bundle / "counter-app-smoke")],
                        workdir=elsewhere, env=outside_env(tmp_path / "home"))
    assert "usage: counter-app" in program.run("--help").stdout
    seen = new_user_session(program)
    print("bundle session:", seen, "timings (s):", program.timings)
    gui = seen["gui"]
    assert isinstance(gui, dict) and gui["sign_in_shown_s"] < 30, gui
