"""`samverkan revision diff`: what a revision of an agreement changed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from samverkan_cli.cli.common import DEFAULT_DATA, DataOption, fail, load_for_reading

app = typer.Typer(help="Revisioner av en överenskommelse.", no_args_is_help=True)


class Format(StrEnum):
    TABLE = "table"
    MD = "md"


@app.command("diff")
def diff(
    agreement: Annotated[str, typer.Argument(help="Överenskommelsens id.")],
    before: Annotated[
        str | None,
        typer.Argument(help="Från revision (standard: den senast antagna).", show_default=False),
    ] = None,
    after: Annotated[
        str | None,
        typer.Argument(help="Till revision (standard: den nyaste).", show_default=False),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="table eller md (Markdown).")
    ] = Format.TABLE,
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Visa vad en revision ändrade: samverkansområden och mål."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.diff.revisions import diff_revisions, pick_pair
    from samverkan_cli.output.documents.context import REVISION_STATES, report_info
    from samverkan_cli.output.documents.templating import TemplateProblem, environment, render
    from samverkan_cli.records.models import Agreement
    from samverkan_cli.records.revisions import revisions_of

    dataset = load_for_reading(data)
    agreements = dataset.by_id(Agreement)
    if agreement not in agreements:
        fail(f"överenskommelsen '{agreement}' finns inte{did_you_mean(agreement, agreements)}")
    revisions = {revision.id: revision for revision in revisions_of(dataset, agreement)}
    for wanted in (before, after):
        if wanted is not None and wanted not in revisions:
            fail(f"revisionen '{wanted}' finns inte{did_you_mean(wanted, revisions)}")
    pair = pick_pair(revisions, before, after)
    if pair is None:
        fail(f"'{agreement}' har färre än två revisioner att jämföra")
    first, second = pair
    result = diff_revisions(agreement, first, second, list(agreements[agreement].model.goals))
    title = f"Ändringar i {agreements[agreement].model.title}: revision {first.id} → {second.id}"
    if output_format is Format.MD:
        import datetime

        context = {
            "report": report_info("revision-diff", title, datetime.date.today()),
            "diff": result,
            "states": {state.value: text for state, text in REVISION_STATES.items()},
        }
        try:
            typer.echo(render(environment("md"), "revision-diff.md.j2", context), nl=False)
        except TemplateProblem as error:
            fail(str(error))
        return
    from rich.console import Console

    from samverkan_cli.output.revision_diff_table import revision_diff_table

    Console().print(revision_diff_table(result, title))
