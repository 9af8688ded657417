"""The wheel is the product: built, installed into a fresh virtual environment (not
editable) and used from outside the checkout: init, demo, slip print, English, the windows.

About a minute: building the wheel takes seconds, the new environment installs the
dependencies from the package index (or pip's cache), and each command starts the program.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.packaging.smoke import GUI_SMOKE, ROOT, Installed, new_user_session, outside_env

pytestmark = [pytest.mark.slow, pytest.mark.packaging, pytest.mark.timeout(900)]

# What the build reads: the project files and the three top-level folders that ship.
SOURCES = ["pyproject.toml", "setup.py", "README.md", "counter_app", "ui", "resources"]
BIN = "Scripts" if os.name == "nt" else "bin"


def build_wheel(out: Path, work: Path) -> Path:
    """`pip wheel` on a clean copy of the sources, so the checkout gets no build/ folder."""
    src = work / "src"
    src.mkdir(parents=True)
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                   check=True, cwd=work, timeout=600)
    (wheel,) = out.glob("counter_app-*.whl")
    return wheel


def test_wheel_installed_outside_the_checkout_runs(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist", tmp_path / "build")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("counter_app/resources/fonts/wqy-microhei.ttc", "counter_app/resources/i18n/en/core.json",
                    "counter_app/data/migrations/env.py", "ui/main_window.py"):
        assert shipped in names
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.2f} MB")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / BIN / "python"
    # the versions the project pins (constraints.txt), as scripts/install.sh installs them
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"), str(wheel)],
                   check=True, cwd=tmp_path, timeout=900)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = outside_env(tmp_path / "home")
    where = subprocess.run([str(python), "-c", "import counter_app, ui; print(counter_app.__file__); print(ui.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    for line in where.stdout.split():
        assert Path(line).is_relative_to(venv) and not Path(line).is_relative_to(ROOT), where.stdout

    gui_smoke = elsewhere / GUI_SMOKE.name  # the driver alone, away from the checkout's packages
    shutil.copy2(GUI_SMOKE, gui_smoke)
    program = Installed(command=[str(venv / BIN / "counter-app")], gui_smoke=[str(python), str(gui_smoke)],
                        workdir=elsewhere, env=env)
    seen = new_user_session(program)
    print("wheel session:", seen, "timings (s):", program.timings)
