"""`samverkan log`: add an activity to a promise's log, from flags or by asking."""

from __future__ import annotations

import datetime
import re
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    DataOption,
    ExitCode,
    calling_the_library,
    echo,
    fail,
)
from samverkan_cli.cli.prompting import ask
from samverkan_cli.support.answers import Invalid

if TYPE_CHECKING:
    from rich.console import Console

    from samverkan_cli.api import AddActivitiesResult, LogChoices

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(text: str, choices: LogChoices | None = None) -> datetime.date:
    """A day written ÅÅÅÅ-MM-DD, within the promise's period where it is known."""
    text = text.strip()
    try:
        if not _DAY.match(text):
            raise ValueError(text)
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"'{text}' är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-05-14") from None
    if choices is not None and not choices.first_day <= day <= choices.last_day:
        raise Invalid(
            f"{text} ligger utanför löftets period ({choices.first_day} – {choices.last_day})"
        )
    return day


def parse_count(text: str) -> int:
    text = text.strip()
    if not text.isdigit() or int(text) < 1:
        raise Invalid(f"'{text}' är inget positivt heltal; skriv till exempel 1 eller 3")
    return int(text)


def parse_target(text: str, choices: LogChoices) -> str:
    from samverkan_cli.diagnostics import did_you_mean

    text = text.strip()
    ids = [target.id for target in choices.targets]
    if text.isdigit() and 1 <= int(text) <= len(ids):
        return ids[int(text) - 1]
    if text in ids:
        return text
    raise Invalid(
        f"'{text}' är inget av målen; skriv ett nummer 1–{len(ids)} eller ett id"
        f"{did_you_mean(text, ids)}"
    )


def parse_organisation(text: str, choices: LogChoices) -> str | None:
    from samverkan_cli.diagnostics import did_you_mean

    text = text.strip()
    if not text:
        return None
    if text in choices.organisations:
        return text
    raise Invalid(f"organisationen '{text}' finns inte{did_you_mean(text, choices.organisations)}")


def _required_text(text: str) -> str:
    if not text.strip():
        raise Invalid("skriv vad som gjordes, med egna ord")
    return text.strip()


def _optional_text(text: str) -> str | None:
    return text.strip() or None


def _show_targets(console: Console, choices: LogChoices) -> None:
    from rich.markup import escape

    console.print(f"[bold]{escape(choices.title)}[/bold] ({escape(choices.promise)})")
    for number, target in enumerate(choices.targets, start=1):
        console.print(
            f"  {number}. {escape(target.title)} [dim]({escape(target.id)},"
            f" {escape(target.commitment)})[/dim]\n     {escape(target.progress)}",
            highlight=False,
        )


def run(
    promise: Annotated[str, typer.Argument(metavar="LÖFTE", help="Medborgarlöftets id.")],
    target: Annotated[
        str | None,
        typer.Option(
            "--target", metavar="ID", help="Målet aktiviteten räknas mot (id).", show_default=False
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="ÅÅÅÅ-MM-DD", help="Dagen då det gjordes.", show_default=False
        ),
    ] = None,
    description: Annotated[
        str | None,
        typer.Option("--description", metavar="TEXT", help="Vad som gjordes.", show_default=False),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option("--place", metavar="PLATS", help="Var det gjordes.", show_default=False),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            metavar="ANTAL",
            help="Hur många gånger det räknas (standard 1).",
            min=1,
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", metavar="ID", help="Organisationen som gjorde det (id).", show_default=False
        ),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Visa vad som skulle läggas till; skriv inget.")
    ] = False,
) -> None:
    """Lägg till en aktivitet i ett medborgarlöftes logg. Det som inte anges med flaggor
    frågas efter. Posten kontrolleras innan den skrivs och skrivs aldrig ogiltig."""
    from rich.console import Console

    from samverkan_cli import api

    with calling_the_library():
        choices = api.log_choices(data, promise)
    if not choices.targets:
        fail(f"medborgarlöftet '{promise}' har inga mål som aktiviteter räknas mot")
    console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    asking = target is None or date is None or description is None
    try:
        chosen_target = parse_target(target, choices) if target is not None else None
        day = parse_day(date, choices) if date is not None else None
        chosen_by = parse_organisation(by, choices) if by is not None else None
    except Invalid as problem:
        fail(str(problem))
    if chosen_target is None:
        _show_targets(console, choices)
        chosen_target = ask(console, "Mål (nummer eller id)", lambda t: parse_target(t, choices))
    if day is None:
        today = datetime.date.today()
        default = today.isoformat() if choices.first_day <= today <= choices.last_day else ""
        day = ask(console, "Datum (ÅÅÅÅ-MM-DD)", lambda t: parse_day(t, choices), default)
    if description is None:
        description = ask(console, "Vad gjordes", _required_text)
    if asking:
        if place is None:
            place = ask(console, "Plats (tomt för ingen)", _optional_text)
        if count is None:
            count = ask(console, "Antal", parse_count, "1")
        if by is None:
            known = ", ".join(list(choices.organisations)[:4])
            chosen_by = ask(
                console,
                f"Utförd av (organisationens id, t.ex. {known}; tomt för ingen)",
                lambda t: parse_organisation(t, choices),
            )
    activity: dict[str, object] = {"date": day, "target": chosen_target}
    activity["description"] = description
    if count is not None and count != 1:
        activity["count"] = count
    activity["place"] = place
    activity["by"] = chosen_by
    with calling_the_library():
        result = api.add_activities(data, promise, [activity], dry_run=dry_run)
    _report(result, dry_run)


def _report(result: AddActivitiesResult, dry_run: bool) -> None:
    from samverkan_cli.checks.validation import ValidationResult
    from samverkan_cli.output.diagnostic_formats import as_text

    if result.diagnostics:
        echo(as_text(ValidationResult(1, result.diagnostics)))
    if result.errors:
        print(
            f"samverkan: inget skrevs: {result.path} skulle få fel med aktiviteten",
            file=sys.stderr,
        )
        raise typer.Exit(ExitCode.PROBLEMS)
    if not result.added:
        echo(f"{result.path}: aktiviteten finns redan i loggen; inget ändrades\n")
        return
    if dry_run:
        echo(_diff(result))
        echo("inget skrevs (--dry-run)\n")
        return
    echo(f"{result.path}: aktiviteten har lagts till\n")


def _diff(result: AddActivitiesResult) -> str:
    import difflib

    path = str(result.path)
    lines = difflib.unified_diff(
        result.before.splitlines(keepends=True),
        result.text.splitlines(keepends=True),
        path,
        path,
    )
    return "".join(lines)
