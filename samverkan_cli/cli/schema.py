"""`samverkan schema`: JSON Schema for each record kind, for editors and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverkan_cli.cli import completion
from samverkan_cli.cli.common import calling_the_library


def run(
    kind: Annotated[
        str | None,
        typer.Argument(
            metavar="POSTTYP",
            help="Posttyp, t.ex. promise. Utelämna för en lista.",
            autocompletion=completion.record_kinds,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="KATALOG",
            help="Skriv alla posttypers scheman till katalogen.",
        ),
    ] = None,
) -> None:
    """Skriv JSON Schema (draft 2020-12) för posttyperna."""
    from samverkan_cli import api

    with calling_the_library():
        if output is not None:
            for path in api.write_schemas(output):
                typer.echo(str(path))
            return
        if kind is None:
            for listed in api.schema_kinds():
                typer.echo(f"{listed.name:<14} {listed.title:<28} {listed.layout}")
            return
        typer.echo(api.schema_text(kind), nl=False)
