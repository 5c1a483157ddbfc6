"""`samverkan remiss`: where referrals stand, and the answer document."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    RevOption,
    as_of_date,
    fail,
    load_for_reading,
)
from samverkan_cli.cli.report import Format as DocumentFormat
from samverkan_cli.cli.report import (
    FormatOption,
    IncludeInternalOption,
    OutputOption,
    TemplatesOption,
    make_report,
)

app = typer.Typer(help="Remisser: läget och remissvaret.", no_args_is_help=True)


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@app.command("status")
def status(
    remiss_id: Annotated[
        str | None, typer.Argument(help="Remissens id (standard: alla).", show_default=False)
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="table eller json.")
    ] = StatusFormat.TABLE,
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Visa varje remiss och underremiss: besvarad, öppen eller försenad."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.models import Remiss
    from samverkan_cli.status.remiss import remiss_status

    dataset = load_for_reading(data)
    remisses = dataset.by_id(Remiss)
    if remiss_id is not None and remiss_id not in remisses:
        fail(f"remissen '{remiss_id}' finns inte{did_you_mean(remiss_id, remisses)}")
    chosen = [remisses[remiss_id]] if remiss_id else list(remisses.values())
    day = as_of_date(as_of)
    results = [(record.model, remiss_status(record.model, day)) for record in chosen]
    if output_format is StatusFormat.JSON:
        document = {
            "as_of": day.isoformat(),
            "remisses": [
                {
                    "id": remiss.id,
                    "diary_number": remiss.diary_number,
                    "referrals": [
                        {
                            "name": item.name,
                            "deadline": item.deadline.iso() if item.deadline else None,
                            "answered": item.answered.iso() if item.answered else None,
                            "state": item.state.value,
                            "sentence": item.sentence,
                        }
                        for item in items
                    ],
                }
                for remiss, items in results
            ],
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from samverkan_cli.records.dates import format_date

    console = Console()
    for remiss, items in results:
        table = Table(
            title=Text(f"Remiss {remiss.diary_number}: {remiss.title} ({format_date(day)})"),
            title_justify="left",
            expand=True,
        )
        table.add_column("Remissinstans", ratio=2)
        table.add_column("Sista dag", no_wrap=True)
        table.add_column("Läge", no_wrap=True)
        table.add_column("Varför", ratio=3)
        for index, item in enumerate(items):
            table.add_row(
                Text(item.name if index == 0 else f"  {item.name}"),
                item.deadline.swedish() if item.deadline else "–",
                item.state.value,
                Text(item.sentence),
            )
        console.print(table)


@app.command("render")
def render_document(
    remiss_id: Annotated[str, typer.Argument(help="Remissens id.")],
    output_format: FormatOption = DocumentFormat.MD,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    templates: TemplatesOption = None,
    data: DataOption = DEFAULT_DATA,
    rev: RevOption = None,
    include_internal: IncludeInternalOption = False,
) -> None:
    """Skriv remissvaret: handläggare, ärendet, underremisser, synpunkter, bilagor, attest."""
    make_report(
        "remiss", remiss_id, output_format, output, as_of, templates, data, rev, include_internal
    )
