"""`samverkan export`: the targets with their status and the activities, for analysts."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    IncludeInternalOption,
    KommunOption,
    LokalpolisomradeOption,
    RegionOption,
    RevOption,
    YearOption,
    as_of_date,
    calling_the_library,
    exit_if_incomplete,
    fail,
    say_incomplete,
    scope_of,
    write_output,
)


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


def run(
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="csv (för Excel: semikolon, UTF-8), xlsx eller json (standard: filens"
            " ändelse, annars csv).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Fil att skriva; '-' eller inget: standard ut."),
    ] = None,
    as_of: AsOfOption = None,
    data: DataOption = DEFAULT_DATA,
    rev: RevOption = None,
    include_internal: IncludeInternalOption = False,
    kommun: KommunOption = None,
    lokalpolisomrade: LokalpolisomradeOption = None,
    region: RegionOption = None,
    year: YearOption = None,
) -> None:
    """Exportera mål med status och aktiviteter för analys (CSV, Excel eller JSON)."""
    from samverkan_cli import api

    to_stdout = output in (None, "-")
    chosen = output_format
    if chosen is None:
        suffix = "" if to_stdout else Path(str(output)).suffix.lower().lstrip(".")
        known = {f.value for f in Format}
        if suffix and suffix not in known:  # a CSV named x.pdf would mislead its reader
            fail(
                f"filändelsen '.{suffix}' är inget format export skriver; välj .csv, .xlsx"
                " eller .json, eller ange --format"
            )
        chosen = Format(suffix) if suffix in known else Format.CSV
    if chosen is Format.XLSX and to_stdout and sys.stdout.isatty():
        fail("en Excel-fil skrivs inte till terminalen; ange -o FIL.xlsx")
    scope = scope_of(kommun, lokalpolisomrade, region, year)
    with calling_the_library():
        exported = api.export(
            data,
            as_of_date(as_of),
            output_format=chosen.value,
            rev=rev,
            include_internal=include_internal,
            scope=scope,
        )
    say_incomplete(exported.completeness)
    if exported.access:
        print(f"samverkan: {exported.access}", file=sys.stderr)
    write_output(None if to_stdout else Path(str(output)), exported.content)
    if not to_stdout:
        print(f"samverkan: {exported.rows} rader till {output}", file=sys.stderr)
    exit_if_incomplete(exported.completeness)
