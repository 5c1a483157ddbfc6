"""`samverkan schema`: JSON Schema for each record kind, for editors and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverkan_cli.cli.common import fail


def run(
    kind: Annotated[
        str | None,
        typer.Argument(help="Posttyp, t.ex. promise. Utelämna för en lista.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Skriv alla posttypers scheman till katalogen."),
    ] = None,
) -> None:
    """Skriv JSON Schema (draft 2020-12) för posttyperna."""
    from samverkan_cli.records.models import KINDS, KINDS_BY_NAME
    from samverkan_cli.records.schema import schema_text, write_schemas

    if output is not None:
        try:
            written = write_schemas(output)
        except OSError as error:
            fail(f"kan inte skriva scheman till '{output}': {error.strerror}")
        for path in written:
            typer.echo(str(path))
        return
    if kind is None:
        for listed in KINDS:
            typer.echo(f"{listed.name:<14} {listed.title:<28} {listed.layout}")
        return
    if kind not in KINDS_BY_NAME:
        from samverkan_cli.diagnostics import did_you_mean

        names = ", ".join(KINDS_BY_NAME)
        fail(f"okänd posttyp '{kind}'{did_you_mean(kind, KINDS_BY_NAME)}; kända: {names}")
    typer.echo(schema_text(KINDS_BY_NAME[kind]), nl=False)
