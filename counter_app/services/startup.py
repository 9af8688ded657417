"""Around opening the database in the window program: where it is, whether it is whole, the
`.running` marker of an open session (its absence at the next start means a clean close).

These work on the file, before or after the program holds it (the start check and the offer of
a backup are `services.integrity`); opening it is `bootstrap.open_app`.
"""

from __future__ import annotations

from counter_app.data.db import resolve_url, sqlite_path
from counter_app.data.storage_checks import location_warnings, space_problems
from counter_app.services import integrity


def database_url(db: str | None = None) -> str:
    """The database to open: `db`, else `COUNTER_APP_DB`, else the file in the data folder."""
    return resolve_url(db)


def storage_warnings(url: str) -> list[str]:
    """A SQLite file on a network share or in a synced folder, or a disk nearly full."""
    path = sqlite_path(url)
    return [] if path is None else [*location_warnings(path), *space_problems(path)]


def mark_running(url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        integrity.mark_running(path)


def mark_closed(url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        integrity.mark_closed(path)
