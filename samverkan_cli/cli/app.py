"""The command line: a thin typer layer over the library."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from samverkan_cli import __version__
from samverkan_cli.cli import (
    diff,
    migrate,
    remiss,
    report,
    revision,
    schema,
    status,
    swedish,
    validate,
)

swedish.install()

app = typer.Typer(
    name="samverkan",
    help="Samverkan mellan kommun och polis som YAML-poster i git: kontroll, status och rapporter.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("validate")(validate.run)
app.command("status")(status.run)
app.command("report")(report.run)
app.command("diff")(diff.run)
app.command("schema")(schema.run)
app.command("migrate")(migrate.run)
app.add_typer(revision.app, name="revision")
app.add_typer(remiss.app, name="remiss")


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


def main() -> None:
    """Entry point: no traceback reaches the user unless SAMVERKAN_DEBUG is set."""
    from samverkan_cli.api import exit_now, prepare_command_line

    prepare_command_line()
    try:
        app()
    except SystemExit as stop:
        code = stop.code
        if isinstance(code, str):
            print(code, file=sys.stderr)
        exit_now(code if isinstance(code, int) else (0 if code is None else 1))
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
