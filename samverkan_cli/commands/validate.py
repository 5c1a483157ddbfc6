"""`samverkan validate`: check every record; all problems in one run."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samverkan_cli.commands.common import DEFAULT_DATA, DataOption, ExitCode, data_root, fail


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Filer eller kataloger att rapportera om (standard: hela datakatalogen).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    output_format: Annotated[
        Format, typer.Option("--format", help="Utdata: text eller json.")
    ] = Format.TEXT,
) -> None:
    """Kontrollera alla poster: schema, referenser och regler."""
    from samverkan_cli.diagnostic_formats import FORMATS
    from samverkan_cli.validation import validate

    root = data_root(data)
    only = list(paths or [])
    for path in only:
        if not path.exists():
            fail(f"'{path}' finns inte")
        resolved_root = root.resolve()
        if resolved_root != path.resolve() and resolved_root not in path.resolve().parents:
            fail(f"'{path}' ligger utanför datakatalogen '{root}'; ange rätt katalog med --data")
    result = validate(root, only)
    typer.echo(FORMATS[output_format.value](result), nl=False)
    raise typer.Exit(ExitCode.PROBLEMS if result.errors else ExitCode.OK)
