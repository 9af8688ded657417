"""Where the program keeps its files: resources beside the package, data in the user's folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "counter-app"
APP_AUTHOR = "counter-app"


def resources_dir() -> Path:
    """The `resources/` folder (fonts, icons, translations), shipped beside the package."""
    override = os.environ.get("COUNTER_APP_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


def user_data_dir() -> Path:
    override = os.environ.get("COUNTER_APP_HOME")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_db_path() -> Path:
    return user_data_dir() / "counter.sqlite3"


def cjk_font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
