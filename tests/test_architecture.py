"""The core never imports Qt: it runs where PySide6 is not installed."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import counter_app

ROOT = Path(__file__).resolve().parent.parent

BLOCK_QT = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked in this process")
        return None
sys.meta_path.insert(0, Block())
"""


def test_every_core_module_imports_without_qt() -> None:
    names = [m.name for m in pkgutil.walk_packages(counter_app.__path__, "counter_app.")
             if ".migrations" not in m.name and not m.name.endswith("__main__")]
    code = BLOCK_QT + "import importlib\n" + "".join(f"importlib.import_module({n!r})\n" for n in names)
    code += f"assert not any(k.startswith('PySide6') for k in sys.modules)\nprint('ok', len({names!r}))\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_cli_runs_commands_with_qt_blocked(tmp_path: Path) -> None:
    code = BLOCK_QT + (
        "from counter_app.cli import main\n"
        f"raise SystemExit(main(['init', '--db', {str(tmp_path / 'c.sqlite3')!r}]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "数据库已建立" in out.stdout


def test_core_sources_never_mention_qt() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "counter_app").rglob("*.py")
                 if "PySide6" in p.read_text(encoding="utf-8") and p.name != "__init__.py"
                 and "cli" not in p.parts]
    assert offenders == []
