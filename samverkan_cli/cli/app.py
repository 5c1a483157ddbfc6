"""The command line: a thin typer layer over the library."""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated

import typer

from samverkan_cli import __version__
from samverkan_cli.cli import (
    diff,
    export,
    fmt,
    importing,
    init,
    log,
    migrate,
    new,
    remiss,
    report,
    revision,
    schema,
    status,
    swedish,
    validate,
)
from samverkan_cli.cli.common import ExitCode, stdout_failed
from samverkan_cli.support.workflow import guard_standard_streams

swedish.install()

app = typer.Typer(
    name="samverkan",
    help="Samverkan mellan kommun och polis som YAML-poster i git: kontroll, status och rapporter.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("validate")(validate.run)
app.command("status")(status.run)
app.command("report")(report.run)
app.command("diff")(diff.run)
app.command("schema")(schema.run)
app.command("migrate")(migrate.run)
app.command("init")(init.run)
app.command("export")(export.run)
app.command("fmt")(fmt.run)
app.command("log")(log.run)
app.command("new")(new.run)
app.add_typer(revision.app, name="revision")
app.add_typer(remiss.app, name="remiss")
app.add_typer(importing.app, name="import")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"samverkan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Visa versionen."),
    ] = False,
) -> None:
    """Samverkan mellan kommun och polis som YAML-poster i git."""
    guard_standard_streams()


_STDOUT_ERRORS = (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)
"""Errors of writing standard output, which a command's print() can raise."""


def _flushed(status: int) -> int:
    """`status`, or 2 where what is still buffered for standard output cannot be written (a
    full disk, a closed pipe): nothing lost without a word."""
    try:
        sys.stdout.flush()
    except OSError as error:
        stdout_failed(error)
        return ExitCode.CANNOT_RUN
    except ValueError:  # closed
        pass
    return status


def main() -> None:
    """Entry point: no traceback reaches the user unless SAMVERKAN_DEBUG is set."""
    from samverkan_cli.api import exit_now, prepare_command_line

    prepare_command_line()
    try:
        app()
    except SystemExit as stop:
        code = stop.code
        cause = stop.__context__
        if isinstance(cause, OSError) and cause.errno in _STDOUT_ERRORS:
            # click ends a closed pipe with exit 1 and no word; it is an output error: 2
            stdout_failed(cause)
            exit_now(ExitCode.CANNOT_RUN)
        if isinstance(code, str):
            print(code, file=sys.stderr)
        exit_now(_flushed(code if isinstance(code, int) else (0 if code is None else 1)))
    except OSError as error:
        if error.errno not in _STDOUT_ERRORS:
            raise
        stdout_failed(error)
        exit_now(ExitCode.CANNOT_RUN)
    except KeyboardInterrupt:
        print("samverkan: avbruten", file=sys.stderr)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("SAMVERKAN_DEBUG"):
            raise
        print(
            f"samverkan: internt fel: {type(error).__name__}: {error}\n"
            "Det här är ett fel i samverkan, inte i dina poster. Kör igen med"
            " SAMVERKAN_DEBUG=1 för detaljer och rapportera det.",
            file=sys.stderr,
        )
        sys.exit(2)
