"""Where the program keeps its files: resources shipped with the package, data in the user's folder.

The fonts and translations live in the repository's top-level `resources/` folder. An
installed wheel carries them inside the package as `counter_app/resources/` (setup.py maps
the folder in), and so does the PyInstaller bundle (under `sys._MEIPASS`); a checkout or an
editable install reads the top-level folder itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "counter-app"
APP_AUTHOR = "counter-app"


PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_candidates() -> list[Path]:
    """Installed package, frozen bundle, then the checkout, in that order."""
    found = [PACKAGE_DIR / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / "counter_app" / "resources")
    found.append(PACKAGE_DIR.parent / "resources")
    return found


def resources_dir() -> Path:
    """The folder with `fonts/` and `i18n/`; `COUNTER_APP_RESOURCES` points elsewhere."""
    override = os.environ.get("COUNTER_APP_RESOURCES")
    if override:
        return Path(override)
    candidates = _resource_candidates()
    for folder in candidates:
        if (folder / "fonts").is_dir():
            return folder
    return candidates[-1]


def user_data_dir() -> Path:
    override = os.environ.get("COUNTER_APP_HOME")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_db_path() -> Path:
    return user_data_dir() / "counter.sqlite3"


def cjk_font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
