"""`samverkan report`: Markdown or accessible PDF from the records, through Jinja templates."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from samverkan_cli.cli import completion
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

if TYPE_CHECKING:
    from samverkan_cli.records.scope import Scope


class Format(StrEnum):
    MD = "md"
    PDF = "pdf"


FormatOption = Annotated[Format, typer.Option("--format", help="md (Markdown) eller pdf.")]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="FIL", help="Fil att skriva; '-' eller inget: standard ut."
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates", metavar="KATALOG", help="Katalog med egna mallar som ersätter de inbyggda."
    ),
]
FontOption = Annotated[
    str | None,
    typer.Option(
        "--font",
        metavar="NAMN",
        help="Typsnittet i PDF:en, t.ex. 'Arial' (standard: organisationens, annars"
        " Libertinus Serif).",
        show_default=False,
    ),
]
FontPathOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--font-path",
        metavar="KATALOG",
        help="Katalog med typsnittsfiler (.ttf, .otf) för PDF:en; kan ges flera gånger.",
        show_default=False,
    ),
]


def make_report(
    kind: str,
    record_id: str | None,
    output_format: Format,
    output: str | None,
    as_of: str | None,
    templates: Path | None,
    data: Path,
    rev: str | None = None,
    include_internal: bool = False,
    scope: Scope | None = None,
    font: str | None = None,
    font_paths: list[Path] | None = None,
) -> None:
    """Render a report or document and write it; shared by `report` and `remiss render`."""
    from samverkan_cli import api

    to_stdout = output in (None, "-")
    if output_format is Format.PDF and to_stdout and sys.stdout.isatty():
        fail("en PDF skrivs inte till terminalen; ange -o FIL")
    day = as_of_date(as_of)
    with calling_the_library():
        rendered = api.report(
            data,
            kind,
            record_id,
            as_of=day,
            pdf=output_format is Format.PDF,
            templates=templates,
            include_internal=include_internal,
            rev=rev,
            scope=scope,
            font=font,
            font_paths=tuple(font_paths or ()),
        )
    say_incomplete(rendered.completeness)
    write_output(None if to_stdout else Path(str(output)), rendered.content)
    exit_if_incomplete(rendered.completeness)


def run(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="TYP",
            help="overview, agreement, promise, areas eller remiss.",
            autocompletion=completion.report_kinds,
            show_default=True,
        ),
    ] = "overview",
    record_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="Id för överenskommelsen, löftet eller remissen.",
            show_default=False,
            autocompletion=completion.report_ids,
        ),
    ] = None,
    output_format: FormatOption = Format.MD,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    templates: TemplatesOption = None,
    data: DataOption = DEFAULT_DATA,
    rev: RevOption = None,
    include_internal: IncludeInternalOption = False,
    kommun: KommunOption = None,
    lokalpolisomrade: LokalpolisomradeOption = None,
    region: RegionOption = None,
    year: YearOption = None,
    font: FontOption = None,
    font_path: FontPathOption = None,
) -> None:
    """Skriv en rapport i Markdown eller PDF."""
    scope = scope_of(kommun, lokalpolisomrade, region, year)
    make_report(
        kind,
        record_id,
        output_format,
        output,
        as_of,
        templates,
        data,
        rev,
        include_internal,
        scope,
        font=font,
        font_paths=font_path,
    )
