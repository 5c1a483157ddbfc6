"""`samverkan revision diff`: what a revision of an agreement changed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from samverkan_cli.cli import completion
from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    DataOption,
    IncludeInternalOption,
    calling_the_library,
    echo,
    exit_if_incomplete,
    guarded_stdout,
    say_incomplete,
)

app = typer.Typer(help="Revisioner av en överenskommelse.", no_args_is_help=True)


class Format(StrEnum):
    TABLE = "table"
    MD = "md"


@app.command("diff")
def diff(
    agreement: Annotated[
        str,
        typer.Argument(
            metavar="AVTAL",
            help="Överenskommelsens id.",
            autocompletion=completion.ids_of("agreement"),
        ),
    ],
    before: Annotated[
        str | None,
        typer.Argument(
            metavar="FRÅN",
            help="Från revision (standard: den senast antagna).",
            show_default=False,
            autocompletion=completion.revision_ids,
        ),
    ] = None,
    after: Annotated[
        str | None,
        typer.Argument(
            metavar="TILL",
            help="Till revision (standard: den nyaste).",
            show_default=False,
            autocompletion=completion.revision_ids,
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="table eller md (Markdown).")
    ] = Format.TABLE,
    data: DataOption = DEFAULT_DATA,
    include_internal: IncludeInternalOption = False,
) -> None:
    """Visa vad en revision ändrade: samverkansområden och mål."""
    from samverkan_cli import api

    with calling_the_library():
        changes = api.revision_diff(
            agreement, before, after, data=data, include_internal=include_internal
        )
        say_incomplete(changes.completeness)
        if output_format is Format.MD:
            echo(api.revision_diff_markdown(changes))
            exit_if_incomplete(changes.completeness)
            return
    from rich.console import Console
    from rich.text import Text

    from samverkan_cli.output.revision_diff_table import revision_diff_table

    console = Console(file=guarded_stdout())
    if changes.access:
        console.print(changes.access, style="bold", soft_wrap=True)
    console.print(revision_diff_table(changes.diff, changes.title))
    if not changes.completeness.complete:
        console.print(
            Text.assemble(("Ofullständig: ", "bold"), changes.completeness.notice()), soft_wrap=True
        )
    exit_if_incomplete(changes.completeness)
