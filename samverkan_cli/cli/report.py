"""`samverkan report`: Markdown or accessible PDF from the records, through Jinja templates."""

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
    RevOption,
    as_of_date,
    data_root,
    fail,
    load_for_reading,
    say_load_errors,
    write_output,
)


class Format(StrEnum):
    MD = "md"
    PDF = "pdf"


def template_dirs(data: Path, explicit: Path | None) -> list[Path]:
    """--templates first, then a templates/ folder beside the data directory."""
    found = []
    if explicit is not None:
        if not explicit.is_dir():
            fail(f"mallkatalogen '{explicit}' finns inte")
        found.append(explicit)
    beside = data.resolve().parent / "templates"
    if beside.is_dir():
        found.append(beside)
    return found


FormatOption = Annotated[Format, typer.Option("--format", help="md (Markdown) eller pdf.")]
OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Fil att skriva; '-' eller inget: standard ut."),
]
IncludeInternalOption = Annotated[
    bool,
    typer.Option(
        "--include-internal",
        help="Ta med uppgifter märkta intern (dokumentet märks då INTERN).",
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option("--templates", help="Katalog med egna mallar som ersätter de inbyggda."),
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
) -> None:
    """Render a report or document and write it; shared by `report` and `remiss render`."""
    from samverkan_cli.output.documents.build import (
        ReportError,
        ReportRequest,
        overview_in_parts,
        overview_markdown_of_tree,
        render_markdown,
        render_pdf,
    )
    from samverkan_cli.output.documents.pdf import PdfError
    from samverkan_cli.output.documents.templating import TemplateProblem

    to_stdout = output in (None, "-")
    if output_format is Format.PDF and to_stdout and sys.stdout.isatty():
        fail("en PDF skrivs inte till terminalen; ange -o FIL")
    day = as_of_date(as_of)
    request = ReportRequest(day, kind, record_id, template_dirs(data, templates), include_internal)
    try:
        if output_format is Format.MD and rev is None and overview_in_parts(request):
            overview = overview_markdown_of_tree(data_root(data), request)
            say_load_errors(overview.load_errors)
            content: bytes = overview.text.encode("utf-8")
        elif output_format is Format.MD:
            content = render_markdown(load_for_reading(data, rev), request).encode("utf-8")
        else:
            content = render_pdf(load_for_reading(data, rev), request)
    except (ReportError, TemplateProblem) as error:
        fail(str(error))
    except PdfError as error:
        fail(f"Typst kunde inte göra PDF av mallarna: {error}")
    write_output(None if to_stdout else Path(str(output)), content)


def run(
    kind: Annotated[
        str,
        typer.Argument(help="overview, agreement, promise, areas eller remiss.", show_default=True),
    ] = "overview",
    record_id: Annotated[
        str | None,
        typer.Argument(help="Id för överenskommelsen, löftet eller remissen.", show_default=False),
    ] = None,
    output_format: FormatOption = Format.MD,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    templates: TemplatesOption = None,
    data: DataOption = DEFAULT_DATA,
    rev: RevOption = None,
    include_internal: IncludeInternalOption = False,
) -> None:
    """Skriv en rapport i Markdown eller PDF."""
    make_report(
        kind, record_id, output_format, output, as_of, templates, data, rev, include_internal
    )
