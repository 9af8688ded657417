"""A fresh PostgreSQL database per test when the suite runs against PostgreSQL.

`scripts/test.sh` starts a private server and sets `COUNTER_APP_TEST_PG_URL` for its second
pass. The command-line tests act as the built-in console account on these throwaway
databases, which a shared database refuses unless allowed (see `cli/sign_in.py`).
"""

from __future__ import annotations

import itertools
import os
import uuid

from sqlalchemy import create_engine, text

from counter_app.data.db import resolve_url

_counter = itertools.count()

if os.environ.get("COUNTER_APP_TEST_PG_URL"):
    os.environ.setdefault("COUNTER_APP_CONSOLE_ON_SHARED", "1")


def fresh_pg_database(admin_url: str) -> str:
    url = resolve_url(admin_url)
    name = f"t_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    base, _sep, _db = url.rpartition("/")
    return f"{base}/{name}"
