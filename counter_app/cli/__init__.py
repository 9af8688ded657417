"""`counter-app`: the command-line front-end over the same services as the windows.

With no command it starts the GUI. Errors print one line in the user's language on
stderr and exit non-zero; nothing is half-saved.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from sqlalchemy.exc import DatabaseError

from counter_app.cli.common import common_options
from counter_app.errors import CounterError
from counter_app.i18n import _, set_language
from counter_app.streams import ensure_streams

# Each module adds its commands through `register(subparsers, parents)`.
COMMAND_MODULES = (
    "counter_app.cli.cmd_db",
    "counter_app.cli.cmd_import",
    "counter_app.cli.cmd_demo",
    "counter_app.cli.cmd_verify",
    "counter_app.cli.cmd_slip",
    "counter_app.cli.cmd_quote",
    "counter_app.cli.cmd_policy",
    "counter_app.cli.cmd_customer",
    "counter_app.cli.cmd_calls",
    "counter_app.cli.cmd_complaint",
    "counter_app.cli.cmd_archive",
    "counter_app.cli.cmd_admin",
)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="counter-app",
        description=_("珠宝售后服务柜台"),
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, [common])
    return parser


def _preset_language(argv: list[str]) -> None:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            set_language(argv[i + 1])
        elif a.startswith("--lang="):
            set_language(a.split("=", 1)[1])


def main(argv: list[str] | None = None) -> int:
    ensure_streams()  # a windowed executable has no console: write to a file instead
    argv = list(sys.argv[1:] if argv is None else argv)
    _preset_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "lang", None):
        set_language(args.lang)
    if not getattr(args, "command", None):
        from ui.app import run_gui  # the only place the CLI touches Qt

        return run_gui(getattr(args, "db", None))
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.parse_args([*argv, "--help"])
        return 2
    try:
        return int(handler(args) or 0)
    except CounterError as exc:
        sys.stderr.write(_("错误：") + str(exc).splitlines()[0] + "\n")
        return exc.exit_code
    except DatabaseError as exc:
        from counter_app.bootstrap import describe_operational_error

        sys.stderr.write(_("错误：") + describe_operational_error(exc, str(getattr(args, "db", ""))) + "\n")
        return 4
    except BrokenPipeError:  # `counter-app ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write(_("已取消。") + "\n")
        return 130
    except Exception as exc:
        if os.environ.get("COUNTER_APP_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(_("内部错误：{err}", err=f"{type(exc).__name__}: {exc}".splitlines()[0]) + "\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
