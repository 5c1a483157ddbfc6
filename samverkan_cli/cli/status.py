"""`samverkan status`: how every goal, commitment and target stands on a date."""

from __future__ import annotations

import datetime
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    ExitCode,
    RevOption,
    as_of_date,
    data_root,
    fail,
    load_for_reading,
    say_load_errors,
)

if TYPE_CHECKING:
    from samverkan_cli.records.dataset import Dataset
    from samverkan_cli.status.model import Status

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
            help="Id för överenskommelser, löften eller områden (standard: alla).",
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
) -> None:
    """Visa hur mål, åtaganden och löften står sig ett visst datum."""
    from samverkan_cli.status.engine import RECORD_KINDS
    from samverkan_cli.status.model import Status

    day = as_of_date(as_of)
    wanted = list(ids or [])
    kinds = [kind.value] if kind else list(RECORD_KINDS)
    statuses: list[Status]
    if output_format is Format.JSON and rev is None:
        from samverkan_cli.status.serialize import status_json_of_tree

        found = status_json_of_tree(data_root(data), day, wanted, kinds)
        say_load_errors(found.load_errors)
        _check_ids(wanted, found.known)
        sys.stdout.write(found.text + "\n")
        statuses = found.statuses
    else:
        dataset = load_for_reading(data, rev)
        # Record kinds are named as the loader names them: the ids need no evaluation.
        _check_ids(
            wanted, {str(r.model.id) for name in kinds for r in dataset.records.get(name, ())}
        )
        statuses = _print(dataset, day, wanted, kinds, output_format, details)
    if fail_on is not None:
        threshold = next(status for status in Status if status.slug == fail_on.value)
        failing = [status for status in statuses if status.rank >= threshold.rank]
        if failing:
            print(
                f"samverkan: {len(failing)} mål har status '{threshold.value}' eller sämre",
                file=sys.stderr,
            )
            raise typer.Exit(ExitCode.PROBLEMS)


def _check_ids(wanted: list[str], known: set[str]) -> None:
    from samverkan_cli.diagnostics import did_you_mean

    for wanted_id in wanted:
        if wanted_id not in known:
            fail(f"ingen post med id '{wanted_id}'{did_you_mean(wanted_id, sorted(known))}")


def _print(
    dataset: Dataset,
    day: datetime.date,
    wanted: list[str],
    kinds: list[str],
    output_format: Format,
    details: bool,
) -> list[Status]:
    """Print the status of a loaded tree; the status of every target."""
    if output_format is Format.JSON:
        from samverkan_cli.status.serialize import status_json

        text, statuses = status_json(dataset, day, wanted, kinds)
        sys.stdout.write(text + "\n")
        return statuses
    from rich.console import Console

    from samverkan_cli.output.status_table import status_tables
    from samverkan_cli.status.engine import status_report

    report = status_report(dataset, day, wanted, kinds)
    records = sum(record.kind != "area" for record in report.records)
    tables = status_tables(report, details or records <= DETAILED_UP_TO)
    Console(soft_wrap=False).print(tables)
    return [target.result.status for target in report.targets()]
