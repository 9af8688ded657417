"""The program's log file: `counter-app.log` in the user's log folder.

The windows write what happened at start and at the end (signed in, closed, a stop asked by
the system) and `faulthandler` writes a hard crash's Python traceback into the same file,
so a counter PC that closed by itself still says why. `COUNTER_APP_HOME` (tests, a portable
set-up) puts the logs under it, in `logs/`. A file grown past `MAX_BYTES` is moved to
`counter-app.log.1` at the next start; one older file is kept.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import time
from pathlib import Path
from typing import IO

import platformdirs

from counter_app.domain import clock

APP_NAME = "counter-app"
FILE_NAME = "counter-app.log"
MAX_BYTES = 2_000_000
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"

_stream: IO[str] | None = None  # also faulthandler's file: open for the whole process


def log_dir() -> Path:
    override = os.environ.get("COUNTER_APP_HOME")
    folder = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_file() -> Path:
    return log_dir() / FILE_NAME


class _ClockFormatter(logging.Formatter):
    """Times from the program's clock, as on every record it keeps."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return clock.now_precise().isoformat(sep=" ", timespec="milliseconds")


def _rotate(path: Path) -> None:
    try:
        if path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
    except OSError:
        pass  # missing, or held open by another running copy: keep appending


def set_up(level: int = logging.INFO) -> Path | None:
    """Log to the file and let faulthandler write there; safe to call again. None: no folder."""
    global _stream
    try:
        path = log_file()
    except OSError:
        return None
    if _stream is not None and not _stream.closed:
        return path
    _rotate(path)
    try:
        _stream = open(path, "a", encoding="utf-8", buffering=1)  # kept open: faulthandler writes here
    except OSError:
        return None
    handler = logging.StreamHandler(_stream)
    handler.setFormatter(_ClockFormatter(FORMAT))
    handler.set_name("counter-app-file")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "counter-app-file"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    logging.getLogger("alembic").setLevel(logging.WARNING)  # not its every "Context impl" line
    faulthandler.enable(file=_stream, all_threads=True)
    return path


def close() -> None:
    """Flush and detach the file (faulthandler goes back to stderr when there is one)."""
    global _stream
    if _stream is None:
        return
    root = logging.getLogger()
    for h in [h for h in root.handlers if h.get_name() == "counter-app-file"]:
        root.removeHandler(h)
        h.flush()
    if faulthandler.is_enabled():
        faulthandler.disable()
    _stream.flush()
    _stream.close()
    _stream = None


def monotonic_ms(since: float) -> int:
    """Milliseconds since a `time.monotonic()` reading (start-up times in the log)."""
    return int((time.monotonic() - since) * 1000)
