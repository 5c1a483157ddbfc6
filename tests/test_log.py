"""`samverkan log`: an activity added to a promise's log, from flags or by answering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from helpers import changed_lines
from typer.testing import CliRunner, Result

from samverkan_cli.cli.app import app

PROMISE = "promises/centrum/centrum-2024.yaml"


@pytest.fixture
def exempelstad(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(REPO / "examples/exempelstad", root)
    return root


def answering(answers: str, *args: str | Path) -> Result:
    result = CliRunner().invoke(app, ["log", *map(str, args)], input=answers)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"samverkan crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


def test_flags_add_an_activity_for_a_script(exempelstad: Path) -> None:
    before = (exempelstad / PROMISE).read_text(encoding="utf-8")
    result = run_cli(
        "log", "centrum-2024", "--data", exempelstad,
        "--target", "trygghetsvandringar", "--date", "2024-06-11",
        "--description", "Trygghetsvandring i hamnen.", "--place", "Hamnen",
        "--count", "2", "--by", "lpo-centrum",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{exempelstad / PROMISE}: aktiviteten har lagts till\n"
    assert changed_lines(before, (exempelstad / PROMISE).read_text(encoding="utf-8")) == [
        "+  - {date: 2024-06-11, target: trygghetsvandringar, description: Trygghetsvandring i"
        " hamnen., count: 2, place: Hamnen, by: lpo-centrum}"
    ]
    assert run_cli("validate", "--data", exempelstad).exit_code == 0


def test_the_same_activity_twice_is_logged_once(exempelstad: Path) -> None:
    args = ("log", "centrum-2024", "--data", exempelstad, "--target", "polisinsatser")
    args += ("--date", "2024-06-01", "--description", "Insats vid stationen.")
    assert run_cli(*args).exit_code == 0
    once = (exempelstad / PROMISE).read_bytes()
    again = run_cli(*args)
    assert again.exit_code == 0
    assert "finns redan i loggen" in again.stdout
    assert (exempelstad / PROMISE).read_bytes() == once


def test_the_questions_show_the_targets_and_ask_again_until_right(exempelstad: Path) -> None:
    answers = "\n".join(
        [
            "9",  # no such number
            "3",  # informationsinsatser
            "2024-02-30",  # no such day
            "2023-05-01",  # outside the promise's year
            "2024-05-14",
            "",  # a description is needed
            "Information på biblioteket.",
            "Biblioteket",
            "noll",
            "2",
            "lpo-centum",
            "lpo-centrum",
        ]
    )
    result = answering(answers + "\n", "centrum-2024", "--data", exempelstad)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1. Minst 8 trygghetsvandringar (trygghetsvandringar, Otrygga platser)" in out
    assert "5 av 8 trygghetsvandringar" in out  # progress from the status engine
    assert "'9' är inget av målen; skriv ett nummer 1–5 eller ett id" in out
    assert "'2024-02-30' är inget datum; skriv ÅÅÅÅ-MM-DD" in out
    assert "2023-05-01 ligger utanför löftets period" in out
    assert "skriv vad som gjordes" in out
    assert "'noll' är inget positivt heltal" in out
    assert "menade du 'lpo-centrum'?" in out
    text = (exempelstad / PROMISE).read_text(encoding="utf-8")
    assert text.endswith(
        "  - {date: 2024-05-14, target: informationsinsatser, description: Information på"
        " biblioteket., count: 2, place: Biblioteket, by: lpo-centrum}\n"
    )


def test_questions_only_for_what_the_flags_leave_out(exempelstad: Path) -> None:
    result = answering(
        "Vandring vid ån.\n\n\n\n",
        "centrum-2024", "--data", exempelstad, "--target", "trygghetsvandringar",
        "--date", "2024-03-03",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Mål (nummer" not in result.stdout and "Datum" not in result.stdout
    text = (exempelstad / PROMISE).read_text(encoding="utf-8")
    assert text.endswith(
        "  - {date: 2024-03-03, target: trygghetsvandringar, description: Vandring vid ån.}\n"
    )


def test_no_answer_to_a_question_cannot_run_and_writes_nothing(exempelstad: Path) -> None:
    before = (exempelstad / PROMISE).read_bytes()
    result = answering("", "centrum-2024", "--data", exempelstad)
    assert result.exit_code == 2
    assert "ange värdena med flaggor" in result.stderr
    assert (exempelstad / PROMISE).read_bytes() == before


def test_an_activity_that_would_make_the_record_invalid_is_not_written(
    exempelstad: Path,
) -> None:
    before = (exempelstad / PROMISE).read_bytes()
    result = run_cli(
        "log", "centrum-2024", "--data", exempelstad, "--target", "trygghetsvandringar",
        "--date", "2024-06-11", "--description", "Vandring\u202e med styrtecken.",
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"{exempelstad / PROMISE}:" in result.stdout and "styrtecken" in result.stdout
    assert "inget skrevs" in result.stderr
    assert (exempelstad / PROMISE).read_bytes() == before


@pytest.mark.parametrize(
    ("flag", "value", "why"),
    [
        ("--target", "finns-inte", "'finns-inte' är inget av målen"),
        ("--date", "14/5 2024", "'14/5 2024' är inget datum"),
        ("--date", "2025-01-01", "utanför löftets period"),
        ("--by", "polisen", "organisationen 'polisen' finns inte"),
    ],
)
def test_a_wrong_flag_cannot_run(exempelstad: Path, flag: str, value: str, why: str) -> None:
    args = {"--target": "polisinsatser", "--date": "2024-06-01", "--description": "Insats."}
    args[flag] = value
    result = run_cli(
        "log", "centrum-2024", "--data", exempelstad, *(x for item in args.items() for x in item)
    )
    assert result.exit_code == 2
    assert why in result.stderr


def test_an_unknown_promise_cannot_run(exempelstad: Path) -> None:
    result = run_cli("log", "centrum-2023", "--data", exempelstad, "--target", "x")
    assert result.exit_code == 2
    assert "'centrum-2023' finns inte; menade du 'centrum-2024'?" in result.stderr


def test_a_dry_run_shows_the_change_and_writes_nothing(exempelstad: Path) -> None:
    before = (exempelstad / PROMISE).read_bytes()
    result = run_cli(
        "log", "centrum-2024", "--data", exempelstad, "--dry-run", "--target", "polisinsatser",
        "--date", "2024-06-01", "--description", "Insats vid stationen.",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "+  - {date: 2024-06-01, target: polisinsatser" in result.stdout
    assert "inget skrevs (--dry-run)" in result.stdout
    assert (exempelstad / PROMISE).read_bytes() == before
