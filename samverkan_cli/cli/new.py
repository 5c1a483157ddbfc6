"""`samverkan new`: a new record of any kind, from flags or by answering questions."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

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

    from samverkan_cli.api import NewRecord
    from samverkan_cli.records.new import Question

_SHOWN_CHOICES = 12


def _given(settings: list[str], questions: list[Question]) -> dict[str, list[str]]:
    keys = [question.key for question in questions]
    given: dict[str, list[str]] = {}
    for setting in settings:
        key, equals, value = setting.partition("=")
        if not equals:
            fail(f"--set '{setting}' ska skrivas FÄLT=VÄRDE, t.ex. --set name=\"Lidingö stad\"")
        if key.strip() not in keys:
            fail(f"--set: okänt fält '{key}'; fälten är {', '.join(keys)}")
        given.setdefault(key.strip(), []).append(value)
    for question in questions:
        if not question.many and len(given.get(question.key, ())) > 1:
            fail(f"--set {question.key} är angivet mer än en gång")
    return given


def _label(question: Question, answers: dict[str, Any]) -> str:
    choices = question.options(answers)
    if not choices:
        return question.label
    shown = ", ".join(choices[:_SHOWN_CHOICES]) + (", …" if len(choices) > _SHOWN_CHOICES else "")
    return f"{question.label} [{shown}]"


def _reader(question: Question, answers: dict[str, Any]) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        return question.read(text, answers)

    return read


def _one_or_none(question: Question, answers: dict[str, Any]) -> Callable[[str], Any]:
    """A repeated question's reader: an empty answer ends the list (once there is one)."""
    read = _reader(question, answers)

    def either(text: str) -> Any:
        if not text.strip() and (answers.get(question.key) or not question.required):
            return None
        return read(text)

    return either


def _asked_many(question: Question, answers: dict[str, Any], console: Console) -> list[Any]:
    answers[question.key] = []
    while True:
        value = ask(console, _label(question, answers), _one_or_none(question, answers))
        if value is None:
            return list(answers.pop(question.key))
        answers[question.key].append(value)


def _answers(
    questions: list[Question], given: dict[str, list[str]], console: Console
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in questions:
        if question.key in given:
            try:
                values = [question.read(text, answers) for text in given[question.key]]
            except Invalid as problem:
                fail(f"--set {question.key}: {problem}")
            answers[question.key] = values if question.many else values[0]
    needs_asking = any(
        q.required and q.key not in given and q.default(answers) is None for q in questions
    )
    for question in questions:
        if question.key in given:
            continue
        default = question.default(answers)
        if needs_asking and question.many:
            value: Any = _asked_many(question, answers, console) or None
        elif needs_asking:
            value = ask(
                console, _label(question, answers), _reader(question, answers), default or ""
            )
        elif default is not None:
            value = question.read(default, answers)
            value = [value] if question.many else value
        else:
            continue
        if value is not None:
            answers[question.key] = value
    return answers


def run(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="TYP",
            help="Posttypen: organisation, area, assessment, agreement, revision, remiss,"
            " followup eller promise.",
        ),
    ],
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FÄLT=VÄRDE",
            help='Ett svar i förväg, t.ex. --set name="Lidingö stad"; det som inte anges'
            " frågas efter.",
            show_default=False,
        ),
    ] = None,
    from_id: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="ID",
            help="Utgå från ett medborgarlöfte: nästa period med samma åtaganden och mål,"
            " tom logg.",
            show_default=False,
        ),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Visa posten som skulle skapas; skriv inget.")
    ] = False,
) -> None:
    """Skapa en ny post på rätt plats, med rätt id och schemarad. Det som inte anges med
    --set frågas efter. Posten kontrolleras innan den skrivs och skrivs aldrig ogiltig."""
    from rich.console import Console

    from samverkan_cli import api

    if from_id is not None:
        if kind != "promise":
            fail("--from finns för medborgarlöften (promise)")
        if settings:
            fail("--from och --set kan inte användas tillsammans")
        with calling_the_library():
            made = api.next_promise(data, from_id, dry_run=dry_run)
        _report(made, dry_run)
        return
    console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    with calling_the_library():
        questions = api.new_record_questions(data, kind)
    answers = _answers(questions, _given(settings or [], questions), console)
    with calling_the_library():
        made = api.new_record(data, kind, answers, dry_run=dry_run)
    _report(made, dry_run)


def _report(made: NewRecord, dry_run: bool) -> None:
    from samverkan_cli.checks.validation import ValidationResult
    from samverkan_cli.output.diagnostic_formats import as_text

    if made.diagnostics:
        echo(as_text(ValidationResult(1, made.diagnostics)))
    if made.errors:
        print(f"samverkan: inget skrevs: {made.path} skulle få fel", file=sys.stderr)
        raise typer.Exit(ExitCode.PROBLEMS)
    if dry_run:
        echo(made.text)
        echo(f"inget skrevs (--dry-run); filen blir {made.path}\n")
        return
    echo(f"{made.path}: skapad\n")
