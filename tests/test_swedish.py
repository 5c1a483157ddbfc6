"""Swedish conventions: sort order, numbers, plurals."""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan_cli.support.swedish import format_number, plural, sort_key


def test_a_ring_a_umlaut_o_umlaut_sort_after_z() -> None:
    names = ["Östberga", "Alby", "Årsta", "Zinkensdamm", "Älvsjö", "Fittja"]
    assert sorted(names, key=sort_key) == [
        "Alby",
        "Fittja",
        "Zinkensdamm",
        "Årsta",
        "Älvsjö",
        "Östberga",
    ]


def test_case_does_not_change_order() -> None:
    assert sorted(["b", "A", "a", "B"], key=sort_key)[:2] in (["A", "a"], ["a", "A"])


def test_numbers_use_space_and_decimal_comma() -> None:
    assert format_number(1234.5) == "1\u00a0234,5"
    assert format_number(380) == "380"
    assert format_number(-0.5, 2) == "−0,50"


def test_plural() -> None:
    assert plural(1, "fil", "filer") == "1 fil"
    assert plural(12, "fil", "filer") == "12 filer"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.300000000000002, "12,3"),
        (1e-07, "0,0000001"),
        (1234.5, "1\u00a0234,5"),
        (1234567, "1\u00a0234\u00a0567"),
        (380.0, "380"),
        (-0.5, "−0,5"),
    ],
)
def test_numbers_have_no_float_artifacts_nor_exponents(value: float, expected: str) -> None:
    from samverkan_cli.support.swedish import format_number

    assert format_number(value) == expected


@pytest.mark.parametrize(("share", "expected"), [(0.0, "0\u00a0%"), (0.625, "63\u00a0%")])
def test_a_percent_does_not_break_from_its_number(share: float, expected: str) -> None:
    from samverkan_cli.support.swedish import format_percent

    assert format_percent(share) == expected


def test_a_summary_counts_only_the_goals_with_data() -> None:
    from samverkan_cli.status.model import Status, Summary

    summary = Summary.of([Status.ON_TRACK, Status.NO_DATA, Status.NO_DATA], [1.0, None, None])
    assert summary.progress_text == "100\u00a0% (1 av 3 mål med data)"
    assert Summary.of([Status.ON_TRACK], [0.5]).progress_text == "50\u00a0%"


WALKS = {"id": "v", "kind": "count", "unit": "trygghetsvandringar"}


@pytest.mark.parametrize(
    ("target", "as_of", "title", "sentence"),
    [
        (
            {**WALKS, "minimum": 8},
            "2023-01-01",
            "Minst 8 trygghetsvandringar",
            "1 av 8 trygghetsvandringar; perioden slutade",
        ),
        (
            {**WALKS, "minimum": 1, "unit_singular": "trygghetsvandring"},
            "2022-12-31",
            "Minst 1 trygghetsvandring",
            "1 av 1 trygghetsvandring; målet är nått.",
        ),
        (
            {**WALKS, "minimum": 1},
            "2022-12-31",
            "Antal trygghetsvandringar: minst 1",
            "Antal trygghetsvandringar: 1 av 1; målet är nått.",
        ),
        (
            {**WALKS, "minimum": 1, "unit_singular": "trygghetsvandring"},
            "2021-12-31",
            "Minst 1 trygghetsvandring",
            "Perioden börjar 1 januari 2022; minst 1 trygghetsvandring under perioden.",
        ),
        (
            {**WALKS, "minimum": 1},
            "2021-12-31",
            "Antal trygghetsvandringar: minst 1",
            "Perioden börjar 1 januari 2022; antal trygghetsvandringar: minst 1 under perioden.",
        ),
    ],
)
def test_singular_and_plural_agree(
    target: dict[str, object], as_of: str, title: str, sentence: str
) -> None:
    from helpers import context, promise

    from samverkan_cli.status.engine import target_title
    from samverkan_cli.status.kinds import EVALUATORS

    activity = {"date": "2022-03-01", "target": "v", "description": "Vandring."}
    record = promise([target], [activity])
    parsed = record.commitments[0].targets[0]
    assert target_title(parsed) == title
    result = EVALUATORS["count"](parsed, context(as_of, promise=record))
    assert sentence in result.sentence, result.sentence


def test_one_area_is_singular(tree: Path) -> None:
    from conftest import run_cli

    result = run_cli(
        "status", "testavtal", "--data", tree, "--as-of", "2022-06-01", "--format", "json"
    )
    assert "1 område med nivån särskilt utsatt område" in result.stdout
    assert "1 områden" not in result.stdout
