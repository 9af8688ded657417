"""Database triggers that keep the audit log append-only.

UPDATE and DELETE on `audit_log` are refused by the database itself (SQLite and
PostgreSQL; TRUNCATE too on PostgreSQL), so not even a bug in the program can rewrite
history. Someone with the file and a SQLite shell can drop the triggers; the SHA-256
chain (`services/audit.py`) is what `counter-app check` then uses to find the edit.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

AUDIT_TABLE = "audit_log"
TRIGGER_NAMES = ("audit_log_no_update", "audit_log_no_delete")
MESSAGE = "audit_log is append-only"

_SQLITE = (
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON {AUDIT_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON {AUDIT_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
)

_PG = (
    "CREATE OR REPLACE FUNCTION counter_app_audit_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; "
    "END $$",
    f"CREATE OR REPLACE TRIGGER audit_log_no_update BEFORE UPDATE ON {AUDIT_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION counter_app_audit_append_only()",
    f"CREATE OR REPLACE TRIGGER audit_log_no_delete BEFORE DELETE ON {AUDIT_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION counter_app_audit_append_only()",
    f"CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON {AUDIT_TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION counter_app_audit_append_only()",
)


def install(engine: Engine) -> None:
    """Create the triggers if missing (safe to run on every start)."""
    with engine.begin() as conn:
        install_on(conn)


def install_on(conn: Connection) -> None:
    statements = _SQLITE if conn.dialect.name == "sqlite" else _PG
    for sql in statements:
        conn.exec_driver_sql(sql)


def missing(conn: Connection) -> list[str]:
    """Names of the append-only triggers that are not in the database."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"), {"t": AUDIT_TABLE}
        )
    else:
        rows = conn.execute(
            text(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = :t AND NOT t.tgisinternal AND t.tgenabled <> 'D'"
            ),
            {"t": AUDIT_TABLE},
        )
    present = {r[0] for r in rows}
    return [name for name in TRIGGER_NAMES if name not in present]
