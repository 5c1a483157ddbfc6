"""`samverkan status`: how every goal, commitment and target stands on a date."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from samverkan_cli.cli import completion
from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    ExitCode,
    IncludeInternalOption,
    KommunOption,
    LokalpolisomradeOption,
    RegionOption,
    RevOption,
    YearOption,
    as_of_date,
    calling_the_library,
    exit_if_incomplete,
    guarded_stdout,
    say_incomplete,
    scope_of,
)

# Above this many records, a line each unless --details: a table per record is unreadable then
# (and slow: 10 000 tables take rich 40 s).
DETAILED_UP_TO = 20


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


class RecordKind(StrEnum):
    AGREEMENT = "agreement"
    PROMISE = "promise"
    AREA = "area"


class FailOn(StrEnum):
    """Status slugs, best to worst (see samverkan_cli.status.model.Status)."""

    UPPNATT = "uppnatt"
    I_FAS = "i-fas"
    EJ_PABORJAT = "ej-paborjat"
    INGEN_DATA = "ingen-data"
    EFTER_PLAN = "efter-plan"
    EJ_UPPNATT = "ej-uppnatt"


def run(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Id för överenskommelser, löften eller områden (standard: alla).",
            autocompletion=completion.status_ids,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[RecordKind | None, typer.Option("--kind", help="Bara en sorts poster.")] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="Utdata: table eller json.")
    ] = Format.TABLE,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Slutkod 1 om något mål har denna status eller sämre (för CI).",
            show_default=False,
        ),
    ] = None,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help=f"Visa varje mål och varför även för fler än {DETAILED_UP_TO} poster.",
        ),
    ] = False,
    data: DataOption = DEFAULT_DATA,
    rev: RevOption = None,
    include_internal: IncludeInternalOption = False,
    kommun: KommunOption = None,
    lokalpolisomrade: LokalpolisomradeOption = None,
    region: RegionOption = None,
    year: YearOption = None,
) -> None:
    """Visa hur mål, åtaganden och löften står sig ett visst datum."""
    from samverkan_cli import api
    from samverkan_cli.status.model import Status

    kinds = [kind.value] if kind else [kind.value for kind in RecordKind]
    with calling_the_library():
        found = api.status(
            data,
            as_of_date(as_of),
            ids=list(ids or []),
            kinds=kinds,
            rev=rev,
            as_json=output_format is Format.JSON,
            include_internal=include_internal,
            scope=scope_of(kommun, lokalpolisomrade, region, year),
        )
    checked = found.completeness
    say_incomplete(checked)
    for record_id, path in found.unread.items():
        print(
            f"samverkan: posten '{record_id}' i {path} kunde inte läsas och är inte med"
            " (kör samverkan validate)",
            file=sys.stderr,
        )
    if found.text is not None:
        sys.stdout.write(found.text + "\n")
    else:
        from rich.console import Console

        from samverkan_cli.output.status_table import status_tables

        records = sum(record.kind != "area" for record in found.records)
        tables = status_tables(found.report, details or records <= DETAILED_UP_TO)
        console = Console(file=guarded_stdout(), soft_wrap=False)
        if found.access:
            console.print(found.access, style="bold", soft_wrap=True)
        console.print(tables)
        if not checked.complete:
            from rich.text import Text

            console.print(
                Text.assemble(("Ofullständig: ", "bold"), checked.notice()), soft_wrap=True
            )
    if fail_on is not None and not checked.complete:
        print(
            f"samverkan: --fail-on kan inte avgöras när posterna har fel ({checked.errors} fel)",
            file=sys.stderr,
        )
    exit_if_incomplete(checked)
    if fail_on is not None:
        threshold = next(status for status in Status if status.slug == fail_on.value)
        failing = [status for status in found.statuses if status.rank >= threshold.rank]
        if failing:
            print(
                f"samverkan: {len(failing)} mål har status '{threshold.value}' eller sämre",
                file=sys.stderr,
            )
            raise typer.Exit(ExitCode.PROBLEMS)
