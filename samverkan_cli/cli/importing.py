"""`samverkan import`: activities from a CSV or Excel sheet into the promises' logs, and the
sheet to fill in (`--template`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    DataOption,
    ExitCode,
    calling_the_library,
    fail,
    write_output,
)
from samverkan_cli.output.diagnostic_formats import one_line

if TYPE_CHECKING:
    from samverkan_cli.api import Imported

app = typer.Typer(
    help="Importera aktiviteter från CSV eller Excel till löftenas aktivitetsloggar.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@app.callback()
def template(
    context: typer.Context,
    template_for: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="LÖFTE",
            help="Skriv en mall att fylla i för löftet (id): XLSX med målen som"
            " rullgardinslista, eller CSV med -o FIL.csv.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Filen som mallen skrivs till (standard: LÖFTE.xlsx)."),
    ] = None,
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Importera aktiviteter från CSV eller Excel, eller skriv en mall (--template)."""
    if context.invoked_subcommand is not None:
        if template_for is not None:
            fail("--template skrivs utan underkommando: samverkan import --template LÖFTE")
        return
    if template_for is None:
        typer.echo(context.get_help())
        raise typer.Exit(ExitCode.CANNOT_RUN)
    from samverkan_cli import api

    path = output or Path(f"{template_for}.xlsx")
    chosen = "csv" if path.suffix.lower() == ".csv" else "xlsx"
    if chosen == "xlsx" and path.suffix.lower() != ".xlsx":
        fail(f"mallen skrivs som .xlsx eller .csv, inte '{path.suffix or path.name}'")
    with calling_the_library():
        content = api.activity_template(data, template_for, output_format=chosen)
    write_output(path, content)
    print(
        f"samverkan: mallen för {template_for} skrevs till {path}; fyll i den och kör"
        f" samverkan import activities {path}",
        file=sys.stderr,
    )


@app.command("activities")
def activities(
    sheet: Annotated[
        Path,
        typer.Argument(
            metavar="FIL", help="CSV- eller XLSX-fil med en rad per aktivitet.", show_default=False
        ),
    ],
    promise: Annotated[
        str | None,
        typer.Option(
            "--promise",
            metavar="LÖFTE",
            help="Löftet (id) för rader utan kolumnen promise.",
            show_default=False,
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Importera de giltiga raderna och hoppa över de felaktiga (de skrivs ut).",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Kontrollera och visa vad som skulle läggas till; skriv inget."
        ),
    ] = False,
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Lägg till aktiviteterna i en CSV- eller XLSX-fil i löftenas aktivitetsloggar.

    Kolumner: promise, date, target, description, place, count, by. Inget skrivs om någon rad
    har fel (utom med --skip-invalid); en rad som redan finns i loggen läggs inte till igen.
    """
    from samverkan_cli import api

    with calling_the_library():
        found = api.import_activities(
            data, sheet, promise=promise, skip_invalid=skip_invalid, dry_run=dry_run
        )
    for problem in found.problems:
        print(one_line(str(problem)))
    _summary(found, skip_invalid, dry_run)
    if found.errors and not skip_invalid:
        raise typer.Exit(ExitCode.PROBLEMS)
    if found.errors and skip_invalid and found.skipped:
        raise typer.Exit(ExitCode.PROBLEMS)


def _summary(found: Imported, skip_invalid: bool, dry_run: bool) -> None:
    from samverkan_cli.support.swedish import plural

    added = sum(found.added.values())
    parts = [plural(found.rows, "rad läst", "rader lästa")]
    if found.duplicates:
        rows = ", ".join(str(row) for row in found.duplicates)
        parts.append(
            f"{plural(len(found.duplicates), 'rad', 'rader')} fanns redan i loggen (eller"
            f" tidigare i filen) och lades inte till igen (rad {rows})"
        )
    if found.skipped:
        rows = ", ".join(str(row) for row in found.skipped)
        parts.append(f"{plural(len(found.skipped), 'rad', 'rader')} hoppades över (rad {rows})")
    if found.errors and not skip_invalid:
        parts.append(
            f"{plural(found.errors, 'fel', 'fel')}; inget skrevs (rätta raderna, eller kör med"
            " --skip-invalid för att importera de giltiga)"
        )
    elif dry_run:
        would = plural(added, "aktivitet", "aktiviteter")
        parts.append(f"{would} skulle läggas till; inget skrevs")
    else:
        where = ", ".join(
            f"{promise_id} {count}" for promise_id, count in found.added.items() if count
        )
        done = plural(added, "aktivitet tillagd", "aktiviteter tillagda")
        parts.append(done + (f" ({where})" if where else ""))
    print("; ".join(parts))
