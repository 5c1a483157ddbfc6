"""Each target kind, table-driven: before, during (on and off pace), last day, after."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import agreement, context, dataset_of, promise, revision_events

from samverkan_cli.records.models import Area, Assessment, FollowUp, Revision
from samverkan_cli.status.kinds import EVALUATORS
from samverkan_cli.status.model import Status

COUNT = {"id": "vandringar", "kind": "count", "minimum": 8, "unit": "trygghetsvandringar"}


def walks(*dates: str, target: str = "vandringar") -> list[dict[str, Any]]:
    return [{"date": date, "target": target, "description": "Vandring."} for date in dates]


def evaluate_count(
    target: dict[str, Any], activities: list[dict[str, Any]], as_of: str, year: int = 2022
) -> Any:
    record = promise([target], activities, year)
    parsed = record.commitments[0].targets[0]
    return EVALUATORS["count"](parsed, context(as_of, promise=record))


MID_2022 = "2022-07-01"  # 182 of 365 days: 3.99 of 8 expected


@pytest.mark.parametrize(
    ("activities", "as_of", "status", "sentence"),
    [
        (walks("2022-02-01"), "2021-12-31", Status.NOT_STARTED, "Perioden börjar 1 januari 2022"),
        (
            walks(*["2022-03-01"] * 4),
            MID_2022,
            Status.ON_TRACK,
            "4 av 8 trygghetsvandringar; 4 väntade",
        ),
        (
            walks(*["2022-03-01"] * 3),
            MID_2022,
            Status.BEHIND,
            "3 av 8 trygghetsvandringar; 4 väntade",
        ),
        (walks(*["2022-03-01"] * 8), "2022-04-01", Status.REACHED, "8 av 8"),
        (
            walks(*["2022-03-01"] * 7),
            "2022-12-31",
            Status.BEHIND,
            "7 av 8 trygghetsvandringar; 8 väntade",
        ),
        (walks(*["2022-03-01"] * 8), "2022-12-31", Status.REACHED, "8 av 8"),
        (
            walks(*["2022-03-01"] * 7),
            "2023-01-01",
            Status.MISSED,
            "perioden slutade 31 december 2022",
        ),
        (walks(*["2022-03-01"] * 9), "2023-06-01", Status.REACHED, "9 av 8"),
        ([], MID_2022, Status.NO_DATA, "Ingen aktivitetslogg"),
        (walks("2022-03-01", target="annat"), MID_2022, Status.BEHIND, "0 av 8"),
        (walks("2021-12-31", "2023-01-01", "2022-06-30"), MID_2022, Status.BEHIND, "1 av 8"),
        (
            walks("2022-08-01", "2022-08-02", "2022-08-03", "2022-08-04"),
            MID_2022,
            Status.BEHIND,
            "0 av 8",
        ),
        (walks("2022-03"), "2022-03-01", Status.BEHIND, "1 av 8"),
        (walks("2022-03"), "2022-02-28", Status.BEHIND, "0 av 8"),
    ],
    ids=[
        "before-period",
        "during-on-pace",
        "during-behind",
        "reached-early",
        "last-day-short",
        "last-day-reached",
        "after-missed",
        "after-reached",
        "no-log",
        "log-without-this-target",
        "outside-period-ignored",
        "future-activities-ignored",
        "month-precision-counted-from-its-first-day",
        "month-precision-not-yet",
    ],
)
def test_count(activities: list[dict[str, Any]], as_of: str, status: Status, sentence: str) -> None:
    result = evaluate_count(COUNT, activities, as_of)
    assert result.status is status, result.sentence
    assert sentence in result.sentence


def test_count_on_the_first_day_with_nothing_done_is_not_behind_yet() -> None:
    # 8 × 1/365 = 0.02 expected: 0 done is behind by the rule, and the sentence says 1 is due.
    result = evaluate_count(COUNT, walks("2022-05-01", target="annat"), "2022-01-01")
    assert result.status is Status.BEHIND
    assert "1 väntade" in result.sentence


def test_count_activity_count_field() -> None:
    activities = [{"date": "2022-02-01", "target": "vandringar", "description": "x", "count": 8}]
    assert evaluate_count(COUNT, activities, MID_2022).status is Status.REACHED


@pytest.mark.parametrize(
    ("as_of", "done", "status"),
    [
        ("2024-02-15", 15, Status.ON_TRACK),
        ("2024-02-15", 14, Status.BEHIND),
        ("2024-02-29", 28, Status.BEHIND),
        ("2024-02-29", 29, Status.REACHED),
        ("2024-03-01", 28, Status.MISSED),
        ("2024-01-31", 0, Status.NOT_STARTED),
    ],
)
def test_count_month_period_in_a_leap_year(as_of: str, done: int, status: Status) -> None:
    target = {**COUNT, "minimum": 29, "period": {"start": "2024-02", "end": "2024-02"}}
    activities = (
        [{"date": "2024-02-01", "target": "vandringar", "description": "x", "count": done}]
        if done
        else walks("2024-06-01", target="annat")
    )
    assert evaluate_count(target, activities, as_of, year=2024).status is status


def test_count_year_period_in_a_leap_year_pro_rata() -> None:
    # 2024 has 366 days; on 31 March, 91 have passed: 366 × 91/366 = 91 expected of 366.
    target = {**COUNT, "minimum": 366}
    activities = [{"date": "2024-01-01", "target": "vandringar", "description": "x", "count": 91}]
    assert evaluate_count(target, activities, "2024-03-31", year=2024).status is Status.ON_TRACK
    activities[0]["count"] = 90
    assert evaluate_count(target, activities, "2024-03-31", year=2024).status is Status.BEHIND


MILESTONE = {"id": "metod", "kind": "milestone", "title": "Ny metod"}


@pytest.mark.parametrize(
    ("target", "activities", "as_of", "status"),
    [
        (
            {**MILESTONE, "done": {"date": "2022-05", "evidence": "Beslut."}},
            [],
            "2022-06-01",
            Status.REACHED,
        ),
        (
            {**MILESTONE, "done": {"date": "2022-05", "evidence": "Beslut."}},
            [],
            "2022-04-30",
            Status.NO_DATA,
        ),
        (MILESTONE, walks("2022-04-02", target="metod"), "2022-06-01", Status.REACHED),
        (MILESTONE, walks("2022-04-02", target="annat"), "2022-06-01", Status.NOT_STARTED),
        (MILESTONE, walks("2022-04-02", target="annat"), "2023-01-01", Status.MISSED),
        (
            {**MILESTONE, "deadline": "2022-03"},
            walks("2022-02-02", target="annat"),
            "2022-04-01",
            Status.MISSED,
        ),
        (
            {**MILESTONE, "deadline": "2022-03"},
            walks("2022-02-02", target="annat"),
            "2022-03-31",
            Status.NOT_STARTED,
        ),
        (MILESTONE, [], "2022-06-01", Status.NO_DATA),
        (MILESTONE, walks("2022-04-02", target="annat"), "2021-06-01", Status.NOT_STARTED),
    ],
    ids=[
        "done",
        "done-later-than-as-of",
        "done-by-activity",
        "open",
        "missed",
        "missed-month-deadline",
        "last-day-of-month-deadline",
        "no-log",
        "before-year",
    ],
)
def test_milestone(
    target: dict[str, Any], activities: list[dict[str, Any]], as_of: str, status: Status
) -> None:
    record = promise([target], activities)
    parsed = record.commitments[0].targets[0]
    result = EVALUATORS["milestone"](parsed, context(as_of, promise=record))
    assert result.status is status, result.sentence


def _indicator(measurements: list[tuple[str, float]], as_of: str, **target: Any) -> Any:
    spec = {
        "id": "otrygghet",
        "kind": "indicator",
        "measure": "Andel otrygga",
        "unit": "procent",
        "direction": "lower_is_better",
        "baseline": {"date": 2020, "value": 40},
        "relative_change": -0.5,
        "deadline": 2025,
        **target,
    }
    spec = {key: value for key, value in spec.items() if value is not None}
    record = agreement([spec])
    followup = FollowUp.model_validate(
        {
            "id": "matning",
            "agreement": "avtal",
            "title": "Mätning",
            "source": {"title": "Påhittad"},
            "measurements": [
                {"target": "otrygghet", "date": date, "value": value}
                for date, value in measurements
            ],
        }
    )
    parsed = record.goals[0].targets[0]
    return EVALUATORS["indicator"](
        parsed, context(as_of, agreement=record, dataset=dataset_of(record, followup))
    )


# Baseline 1 Jan 2020, deadline 31 Dec 2025: 31 Dec 2022 is half the time (1096/2192 days).
@pytest.mark.parametrize(
    ("measurements", "as_of", "target", "status", "progress"),
    [
        ([("2022", 30)], "2022-12-31", {}, Status.ON_TRACK, 0.5),
        ([("2022", 35)], "2022-12-31", {}, Status.BEHIND, 0.25),
        ([("2022", 20)], "2022-12-31", {}, Status.REACHED, 1.0),
        ([("2022", 15)], "2022-12-31", {}, Status.REACHED, 1.0),
        ([("2025", 25)], "2026-01-01", {}, Status.MISSED, 0.75),
        ([("2021", 30), ("2022", 38)], "2022-12-31", {}, Status.BEHIND, 0.1),
        ([("2022", 45)], "2022-12-31", {}, Status.BEHIND, 0.0),
        ([], "2022-12-31", {}, Status.NO_DATA, None),
        ([("2020", 30)], "2022-12-31", {}, Status.NO_DATA, None),
        ([("2024", 10)], "2022-12-31", {}, Status.NO_DATA, None),
        ([("2022", 30)], "2022-12-31", {"baseline": None}, Status.NO_DATA, None),
        (
            [("2022", 55)],
            "2022-12-31",
            {"direction": "higher_is_better", "relative_change": None, "target_value": 60},
            Status.ON_TRACK,
            0.75,
        ),
        (
            [("2022", 11)],
            "2022-12-31",
            {"baseline": {"date": 2020, "value": 10}, "relative_change": None, "target_value": 12},
            Status.REACHED,
            1.0,
        ),
        (
            [("2022", 13)],
            "2022-12-31",
            {"baseline": {"date": 2020, "value": 10}, "relative_change": None, "target_value": 12},
            Status.BEHIND,
            0.0,
        ),
        (
            [("2022", 40)],
            "2022-12-31",
            {"relative_change": None, "target_value": 40},
            Status.REACHED,
            1.0,
        ),
        (
            [("2022", 41)],
            "2022-12-31",
            {"relative_change": None, "target_value": 40},
            Status.BEHIND,
            0.0,
        ),
        (
            [("2022", 41)],
            "2026-01-01",
            {"relative_change": None, "target_value": 40},
            Status.MISSED,
            0.0,
        ),
    ],
    ids=[
        "on-track",
        "behind",
        "equal-to-target",
        "beyond-target",
        "after-deadline",
        "latest-measurement-counts",
        "wrong-direction",
        "no-measurements",
        "measurement-at-baseline-is-not-after",
        "future-measurement-ignored",
        "no-baseline",
        "higher-is-better",
        "met-at-baseline-still-met",
        "met-at-baseline-now-worse",
        "baseline-equals-target",
        "baseline-equals-target-worse",
        "baseline-equals-target-missed",
    ],
)
def test_indicator(
    measurements: list[tuple[str, float]],
    as_of: str,
    target: dict[str, Any],
    status: Status,
    progress: float | None,
) -> None:
    result = _indicator(measurements, as_of, **target)
    assert result.status is status, result.sentence
    if progress is None:
        assert result.progress is None
    else:
        assert result.progress == pytest.approx(progress)


def test_indicator_sentence_is_swedish() -> None:
    result = _indicator([("2022", 35)], "2022-12-31")
    assert result.sentence == (
        "35 procent (2022) mot utgångsvärdet 40 procent (2020) och målet 20 procent till 2025;"
        " 25\u00a0% av förändringen är gjord och 50\u00a0% av tiden har gått."
    )


@pytest.mark.parametrize(
    ("measurements", "as_of", "direction", "status", "moved"),
    [
        ([], "2022-06-30", "higher_is_better", Status.NO_DATA, None),
        ([("2022", 45)], "2022-12-31", "higher_is_better", Status.ON_TRACK, "bättre"),
        ([("2022", 35)], "2022-12-31", "higher_is_better", Status.BEHIND, "sämre"),
        ([("2022", 40)], "2022-12-31", "higher_is_better", Status.BEHIND, "ingen förändring"),
        ([("2022", 45)], "2026-01-01", "higher_is_better", Status.REACHED, "bättre"),
        ([("2022", 35)], "2026-01-01", "higher_is_better", Status.MISSED, "sämre"),
        ([("2022", 35)], "2022-12-31", "lower_is_better", Status.ON_TRACK, "bättre"),
        ([("2022", 35), ("2023", 45)], "2023-12-31", "lower_is_better", Status.BEHIND, "sämre"),
    ],
    ids=[
        "no-measurement",
        "up-while-running",
        "down-while-running",
        "unchanged-is-not-better",
        "up-by-the-deadline",
        "down-by-the-deadline",
        "lower-is-better-down",
        "the-latest-counts",
    ],
)
def test_a_directional_indicator_without_a_number(
    measurements: list[tuple[str, float]],
    as_of: str,
    direction: str,
    status: Status,
    moved: str | None,
) -> None:
    """'Tryggheten ska öka': no target value, judged by the direction of the change."""
    result = _indicator(measurements, as_of, relative_change=None, direction=direction)
    assert result.status is status, result.sentence
    assert result.progress is None
    wanted = "öka" if direction == "higher_is_better" else "minska"
    assert f"Andel otrygga ska {wanted} till 2025" in result.sentence
    if moved is not None:
        assert f": {moved}. Målet: " in result.sentence


def _areas_dataset() -> list[Any]:
    assessments = [
        Assessment.model_validate(
            {"id": "2019", "title": "L", "date": "2019-06-03", "publisher": "P"}
        ),
        Assessment.model_validate(
            {"id": "2021", "title": "L", "date": "2021-12", "publisher": "P"}
        ),
    ]

    def area(area_id: str, name: str, municipality: str, levels: dict[str, str]) -> Area:
        return Area.model_validate(
            {
                "id": area_id,
                "name": name,
                "municipality": municipality,
                "police_area": "lpo",
                "region": "r",
                "classifications": [
                    {"assessment": a, "level": level} for a, level in levels.items()
                ],
            }
        )

    return [
        *assessments,
        area("orby", "Örby", "stad", {"2019": "särskilt utsatt område", "2021": "utsatt område"}),
        area("alby", "Alby", "stad", {"2019": "särskilt utsatt område"}),
        area(
            "aby",
            "Åby",
            "stad",
            {"2019": "särskilt utsatt område", "2021": "särskilt utsatt område"},
        ),
        area("annan", "Annanstad", "annan", {"2019": "särskilt utsatt område"}),
    ]


@pytest.mark.parametrize(
    ("as_of", "deadline", "status", "names"),
    [
        ("2019-06-02", "2025", Status.NO_DATA, []),
        ("2019-06-03", "2025", Status.BEHIND, ["Alby", "Åby", "Örby"]),
        ("2026-01-01", None, Status.MISSED, ["Åby"]),
        ("2026-01-01", "2025", Status.MISSED, ["Åby"]),
        ("2022-01-01", "2025", Status.BEHIND, ["Åby"]),
    ],
)
def test_areas(as_of: str, deadline: str | None, status: Status, names: list[str]) -> None:
    spec = {
        "id": "omraden",
        "kind": "areas",
        "level": "särskilt utsatt område",
        "municipality": "stad",
        "maximum": 0,
    }
    if deadline:
        spec["deadline"] = deadline
    record = agreement([spec])
    result = EVALUATORS["areas"](
        record.goals[0].targets[0],
        context(as_of, agreement=record, dataset=dataset_of(*_areas_dataset())),
    )
    assert result.status is status, result.sentence
    assert result.details.get("areas", []) == names
    if names:
        assert ", ".join(names) in result.sentence


def test_areas_within_maximum_is_reached() -> None:
    spec = {
        "id": "omraden",
        "kind": "areas",
        "level": "särskilt utsatt område",
        "maximum": 2,
        "municipality": "stad",
    }
    record = agreement([spec])
    result = EVALUATORS["areas"](
        record.goals[0].targets[0],
        context("2022-01-01", agreement=record, dataset=dataset_of(*_areas_dataset())),
    )
    assert result.status is Status.REACHED


def _revision(revision_id: str, state: str, date: str) -> Revision:
    return Revision.model_validate(
        {
            "id": revision_id,
            "agreement": "avtal",
            **revision_events(state, date),
            "areas": [{"id": "a", "title": "A"}],
        }
    )


@pytest.mark.parametrize(
    ("revisions", "as_of", "status", "state"),
    [
        ([("2019", "adopted", "2019-11")], "2020-01-01", Status.ON_TRACK, "current"),
        ([("2019", "adopted", "2019-11")], "2023-06-01", Status.ON_TRACK, "due_soon"),
        ([("2019", "adopted", "2019-11")], "2023-11-30", Status.ON_TRACK, "due_soon"),
        ([("2019", "adopted", "2019-11")], "2023-12-01", Status.MISSED, "overdue"),
        (
            [("2019", "adopted", "2019-11"), ("2023", "remiss", "2023")],
            "2024-01-01",
            Status.BEHIND,
            "overdue",
        ),
        (
            [("2019", "superseded", "2019-11"), ("2024", "adopted", "2024-02")],
            "2024-03-01",
            Status.ON_TRACK,
            "current",
        ),
        (
            [("2019", "adopted", "2019-11"), ("2024", "adopted", "2024-02")],
            "2024-01-15",
            Status.MISSED,
            "overdue",
        ),
        ([("2024", "remiss", "2024")], "2024-03-01", Status.NO_DATA, None),
        ([("2020", "adopted", "2020-02-29")], "2024-02-28", Status.ON_TRACK, "due_soon"),
        ([("2020", "adopted", "2020-02-29")], "2024-02-29", Status.ON_TRACK, "due_soon"),
        ([("2020", "adopted", "2020-02-29")], "2024-03-01", Status.MISSED, "overdue"),
        ([("2021", "adopted", "2021-05-10")], "2025-05-20", Status.ON_TRACK, "due_soon"),
        (
            [("2019", "adopted", "2019-11"), ("2024", "remiss", "2024-09")],
            "2024-07-01",
            Status.MISSED,
            "overdue",
        ),
    ],
    ids=[
        "current",
        "due-within-six-months",
        "due-month-last-day",
        "overdue",
        "overdue-with-revision-on-remiss",
        "later-adoption-resets",
        "later-adoption-not-yet",
        "never-adopted",
        "leap-day-plus-four-years",
        "leap-day-due-month",
        "leap-day-overdue",
        "due-for-the-whole-month",
        "remiss-not-yet-sent-does-not-count",
    ],
)
def test_revision_due(
    revisions: list[tuple[str, str, str]], as_of: str, status: Status, state: str | None
) -> None:
    record = agreement([{"id": "revidering", "kind": "revision_due"}])
    dataset = dataset_of(record, *(_revision(*revision) for revision in revisions))
    result = EVALUATORS["revision_due"](
        record.goals[0].targets[0], context(as_of, agreement=record, dataset=dataset)
    )
    assert result.status is status, result.sentence
    assert result.details.get("state") == state
