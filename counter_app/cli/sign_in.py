"""Who the command line acts as.

- `--user LOGIN` (or `COUNTER_APP_USER`): the password or PIN is read from
  `COUNTER_APP_PASSWORD`, else asked for without echo; a wrong one is refused (exit code 3).
  It is never printed or logged.
- No `--user`: the built-in `console` account (a manager without a password, which can
  never sign in to the window). This is allowed on a local SQLite file, where whoever can
  run the program can also open the file. On a shared PostgreSQL database it is refused
  unless a manager allowed it (`counter-app staff console-access on`) or the environment
  says so (`COUNTER_APP_CONSOLE_ON_SHARED=1`, for administrators' scripts and the tests).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from counter_app.bootstrap import AppContext
from counter_app.data.db import is_sqlite
from counter_app.errors import PermissionDenied
from counter_app.i18n import _
from counter_app.services.context import Actor

PASSWORD_ENV = "COUNTER_APP_PASSWORD"
CONSOLE_ENV = "COUNTER_APP_CONSOLE_ON_SHARED"


def read_secret(prompt: str, env: str = PASSWORD_ENV) -> str:
    """From the environment, else from the terminal without echo (or one line of stdin)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except (EOFError, OSError):
        line = ""
    if not line:
        raise PermissionDenied(_("没有输入密码。"))
    return line.rstrip("\r\n")


def console_permitted(ctx: AppContext) -> bool:
    if is_sqlite(ctx.url):
        return True
    if os.environ.get(CONSOLE_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    return ctx.counter.auth.console_allowed_on_shared()


def resolve_actor(ctx: AppContext, args: argparse.Namespace) -> Actor:
    store = getattr(args, "store", None) or os.environ.get("COUNTER_APP_STORE")
    login = getattr(args, "user", None) or os.environ.get("COUNTER_APP_USER")
    if not login:
        if not console_permitted(ctx):
            raise PermissionDenied(_("共享数据库上请用 --user 账号登录（命令行免登录已被禁止）。"))
        return ctx.console_actor(store)
    secret = read_secret(_("{login} 的密码或 PIN：", login=login))
    return ctx.counter.auth.sign_in(login, secret, store, where="cli")
