"""`samverkan migrate`: a tree in the earlier format rewritten into today's."""

from __future__ import annotations

import typer

from samverkan_cli.cli.common import DEFAULT_DATA, DataOption, calling_the_library


def run(data: DataOption = DEFAULT_DATA) -> None:
    """Skriv om posterna från det tidigare formatet: organisationer, daterade händelser,
    löften med utfärdare. Kommentarer och ordning behålls."""
    from samverkan_cli import api

    with calling_the_library():
        done = api.migrate(data)
    if not done.written:
        typer.echo("posterna har redan det nya formatet")
        return
    typer.echo(f"{len(done.written)} filer skrivna, {len(done.removed)} borttagna")
    for note in done.notes:
        typer.echo(f"se över: {note}")
