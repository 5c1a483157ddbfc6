"""`samverkan remiss`: where referrals stand, and the answer document."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from samverkan_cli.cli import completion
from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    IncludeInternalOption,
    RevOption,
    as_of_date,
    calling_the_library,
    exit_if_incomplete,
    guarded_stdout,
    say_incomplete,
)
from samverkan_cli.cli.report import (
    FontOption,
    FontPathOption,
    FormatOption,
    OutputOption,
    TemplatesOption,
    make_report,
)
from samverkan_cli.cli.report import Format as DocumentFormat

app = typer.Typer(help="Remisser: läget och remissvaret.", no_args_is_help=True)


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@app.command("status")
def status(
    remiss_id: Annotated[
        str | None,
        typer.Argument(
            metavar="REMISS",
            help="Remissens id (standard: alla).",
            show_default=False,
            autocompletion=completion.ids_of("remiss"),
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="table eller json.")
    ] = StatusFormat.TABLE,
    data: DataOption = DEFAULT_DATA,
    include_internal: IncludeInternalOption = False,
) -> None:
    """Visa varje remiss och underremiss: besvarad, öppen eller försenad."""
    from samverkan_cli import api

    with calling_the_library():
        found = api.remiss_status(
            remiss_id, as_of_date(as_of), data=data, include_internal=include_internal
        )
    checked = found.completeness
    say_incomplete(checked)
    if output_format is StatusFormat.JSON:
        typer.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        exit_if_incomplete(checked)
        return
    from rich.console import Console
    from rich.text import Text

    from samverkan_cli.output.remiss_status_table import remiss_status_tables

    console = Console(file=guarded_stdout())
    if found.access:
        console.print(found.access, style="bold", soft_wrap=True)
    console.print(remiss_status_tables(found.as_of, found.remisses))
    if not checked.complete:
        console.print(Text.assemble(("Ofullständig: ", "bold"), checked.notice()), soft_wrap=True)
    exit_if_incomplete(checked)


@app.command("render")
def render_document(
    remiss_id: Annotated[
        str,
        typer.Argument(
            metavar="REMISS", help="Remissens id.", autocompletion=completion.ids_of("remiss")
        ),
    ],
    output_format: FormatOption = DocumentFormat.MD,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    templates: TemplatesOption = None,
    data: DataOption = DEFAULT_DATA,
    rev: RevOption = None,
    include_internal: IncludeInternalOption = False,
    font: FontOption = None,
    font_path: FontPathOption = None,
) -> None:
    """Skriv remissvaret: handläggare, ärendet, underremisser, synpunkter, bilagor, attest."""
    make_report(
        "remiss",
        remiss_id,
        output_format,
        output,
        as_of,
        templates,
        data,
        rev,
        include_internal,
        font=font,
        font_paths=font_path,
    )
