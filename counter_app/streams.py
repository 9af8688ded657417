"""Standard streams when there is no console.

A windowed executable (PyInstaller's `console=False` on Windows, or `pythonw`) starts with
`sys.stdout` and `sys.stderr` set to None, so every `print` or `sys.stdout.write` would
raise. The command line then writes to `console.log` in the user's data folder instead.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from counter_app.paths import user_data_dir

LOG_NAME = "console.log"


def _fallback() -> TextIO:
    try:
        return open(user_data_dir() / LOG_NAME, "a", encoding="utf-8", buffering=1)
    except OSError:
        return open(os.devnull, "w", encoding="utf-8")


def ensure_streams() -> bool:
    """Give missing standard streams a file; True when one was missing."""
    if sys.stdout is not None and sys.stderr is not None:
        return False
    stream = _fallback()
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    return True
