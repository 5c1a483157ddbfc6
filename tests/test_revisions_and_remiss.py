"""Revision diff, remiss status, the remiss document and the remiss checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, WriteFile, run_cli
from helpers import revision_events

from samverkan_cli.diff.revisions import AreaChange, GoalChange, diff_areas, diff_goals, pick_pair
from samverkan_cli.records.models import Goal, Remiss, Revision
from samverkan_cli.status.remiss import AnswerState, remiss_status

GOLDEN = Path(__file__).parent / "golden"


def revision(
    revision_id: str, date: str, areas: list[dict[str, Any]], state: str = "adopted"
) -> Revision:
    return Revision.model_validate(
        {"id": revision_id, "agreement": "avtal", **revision_events(state, date), "areas": areas}
    )


BEFORE = revision(
    "2019",
    "2019",
    [
        {"id": "unga", "title": "Unga i risk"},
        {"id": "skolan", "title": "Skolan"},
        {"id": "platser", "title": "Otrygga platser"},
        {"id": "brottsoffer", "title": "Brottsoffer"},
        {"id": "vakter", "title": "Ordningsvakter"},
        {"id": "kameror", "title": "Kameror"},
    ],
)
AFTER = revision(
    "2023",
    "2023",
    [
        {"id": "unga-och-skolan", "title": "Unga och skolan", "continues": ["unga", "skolan"]},
        {"id": "platser", "title": "otrygga  PLATSER", "continues": ["platser"]},
        {"id": "offer", "title": "Särskilt utsatta brottsoffer", "continues": ["brottsoffer"]},
        {"id": "kameror-stan", "title": "Kameror i stan", "continues": ["kameror"]},
        {"id": "kameror-skolor", "title": "Kameror i skolor", "continues": ["kameror"]},
        {"id": "natverk", "title": "Kriminella nätverk"},
    ],
    state="remiss",
)


def test_every_kind_of_area_change() -> None:
    changes = [
        (change.change, [a.id for a in change.before], [a.id for a in change.after])
        for change in diff_areas(BEFORE, AFTER)
    ]
    assert changes == [
        (AreaChange.MERGED, ["unga", "skolan"], ["unga-och-skolan"]),
        (AreaChange.KEPT, ["platser"], ["platser"]),
        (AreaChange.RENAMED, ["brottsoffer"], ["offer"]),
        (AreaChange.SPLIT, ["kameror"], ["kameror-stan", "kameror-skolor"]),
        (AreaChange.NEW, [], ["natverk"]),
        (AreaChange.DROPPED, ["vakter"], []),
    ]


def test_links_further_back_are_not_changes_between_these_two() -> None:
    later = revision("2027", "2027", [{"id": "x", "title": "X", "continues": ["unga"]}])
    assert diff_areas(AFTER, later)[0].change is AreaChange.NEW


def test_goal_changes() -> None:
    def goal(goal_id: str, title: str, minimum: int = 8) -> Goal:
        return Goal.model_validate(
            {
                "id": goal_id,
                "title": title,
                "targets": [{"id": "t", "kind": "count", "minimum": minimum, "unit": "vandringar"}],
            }
        )

    diffs = diff_goals(
        [goal("a", "Mål A"), goal("b", "Mål B"), goal("c", "Mål C")],
        [goal("a", "Mål A"), goal("c", "Mål C nu", minimum=6), goal("d", "Mål D")],
    )
    summary = [(d.change, d.goal_id) for d in diffs]
    assert summary == [
        (GoalChange.ADDED, "d"),
        (GoalChange.REMOVED, "b"),
        (GoalChange.CHANGED, "c"),
    ]
    assert diffs[-1].details == ["rubriken: 'Mål C' → 'Mål C nu'", "mål 't', minimum: 8 → 6"]


def test_default_pair_is_last_adopted_against_newest() -> None:
    older = revision("2015", "2015", [{"id": "a", "title": "A"}], state="superseded")
    pair = pick_pair({"2015": older, "2019": BEFORE, "2023": AFTER}, None, None)
    assert pair is not None and (pair[0].id, pair[1].id) == ("2019", "2023")
    pair = pick_pair({"2015": older, "2019": BEFORE, "2023": AFTER}, "2015", None)
    assert pair is not None and (pair[0].id, pair[1].id) == ("2015", "2023")
    assert pick_pair({"2019": BEFORE}, None, None) is None


def test_diff_on_the_true_records_markdown() -> None:
    result = run_cli("revision", "diff", "stockholm", "--data", DATA, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "10 områden i revision 2019, 5 i revision 2023." in result.output
    assert result.output.count("| sammanslaget |") == 3
    assert (
        "| nytt namn | Avhopparverksamhet för kriminella | Kriminella miljöer och livsstilar |"
        in result.output
    )
    assert "| kvar | Särskilt utsatta och sårbara brottsoffer |" in result.output


def test_diff_table_and_errors() -> None:
    table = run_cli("revision", "diff", "stockholm", "2019", "2023", "--data", DATA)
    assert table.exit_code == 0 and "sammanslaget" in table.output
    assert run_cli("revision", "diff", "stockholm", "2018", "--data", DATA).exit_code == 2
    unknown = run_cli("revision", "diff", "stokholm", "--data", DATA)
    assert unknown.exit_code == 2 and "menade du 'stockholm'?" in unknown.output


def remiss(**changes: Any) -> Remiss:
    base: dict[str, Any] = {
        "id": "ks-2024-9",
        "agreement": "avtal",
        "revision": "2024",
        "diary_number": "KS 2024/9",
        "title": "Avtalet",
        "sent_by": "Kommunstyrelsen",
        "sent": "2024-03-01",
        "deadline": "2024-04-30",
        "respondent": {"organisation": "stadshus"},
        "handler": {"name": "Test"},
        "recipient": "Kommunstyrelsen",
        "summary": "S.",
        "case": "C.",
        "sub_referrals": [
            {
                "id": "a",
                "organisation": "ab-a",
                "stance": "tillstyrker",
                "summary": "A.",
                "attachment": "AB A:s svar",
                "deadline": "2024-04-15",
                "answered": "2024-04-10",
            },
            {
                "id": "b",
                "organisation": "ab-b",
                "stance": "synpunkter",
                "summary": "B.",
                "attachment": "AB B:s svar",
            },
        ],
    }
    base.update(changes)
    return Remiss.model_validate(base)


@pytest.mark.parametrize(
    ("as_of", "answered", "states"),
    [
        ("2024-02-01", None, [AnswerState.NOT_SENT] * 3),
        ("2024-04-12", None, [AnswerState.OPEN, AnswerState.ANSWERED, AnswerState.OPEN]),
        ("2024-04-30", None, [AnswerState.OPEN, AnswerState.ANSWERED, AnswerState.OPEN]),
        ("2024-05-01", None, [AnswerState.OVERDUE, AnswerState.ANSWERED, AnswerState.OVERDUE]),
        ("2024-05-10", "2024-05-02", [AnswerState.ANSWERED] * 3),
        (
            "2024-05-01",
            "2024-05-02",
            [AnswerState.OVERDUE, AnswerState.ANSWERED, AnswerState.OVERDUE],
        ),
    ],
    ids=["before-sent", "open", "last-day", "overdue", "answered-late", "answer-not-yet-known"],
)
def test_remiss_status_before_and_after_the_deadline(
    as_of: str, answered: str | None, states: list[AnswerState]
) -> None:
    import datetime

    statuses = remiss_status(remiss(answered=answered), datetime.date.fromisoformat(as_of))
    assert [status.state for status in statuses] == states
    if answered and as_of >= answered:
        assert "efter sista dag 30 april 2024" in statuses[0].sentence


def test_remiss_status_on_the_true_records() -> None:
    before = json.loads(
        run_cli(
            "remiss", "status", "--data", DATA, "--as-of", "2023-10-01", "--format", "json"
        ).output
    )
    assert {r["state"] for r in before["remisses"][0]["referrals"]} == {"öppen"}
    after = json.loads(
        run_cli(
            "remiss",
            "status",
            "ks-2023-740",
            "--data",
            DATA,
            "--as-of",
            "2023-11-01",
            "--format",
            "json",
        ).output
    )
    referrals = after["remisses"][0]["referrals"]
    assert [r["state"] for r in referrals] == ["besvarad"] * 5
    assert referrals[0]["answered"] == "2023-10-26"
    table = run_cli("remiss", "status", "--data", DATA, "--as-of", "2023-11-01")
    assert "Familjebostäder" in table.output


def test_remiss_document_golden(update_golden: bool) -> None:
    result = run_cli("remiss", "render", "ks-2023-740", "--data", DATA, "--as-of", "2024-01-01")
    assert result.exit_code == 0, result.output
    golden = GOLDEN / "remiss-ks-2023-740.md"
    if update_golden:
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")


def test_remiss_document_order_and_content() -> None:
    text = run_cli(
        "remiss", "render", "ks-2023-740", "--data", DATA, "--as-of", "2024-01-01"
    ).output
    order = [
        "Handläggare",
        "Carolina Tillborg, 08-50829739",
        "Till",
        "Kommunstyrelsen",
        "# Remiss av Övergripande samverkansöverenskommelse",
        "Svar på remiss från Kommunstyrelsen KS 2023/740",  # the record's text, not re-cased
        "## Sammanfattning",
        "## Ärendet",
        "- Unga i riskzon för destruktivt beteende",
        "- Kriminella miljöer och livsstilar",
        "## Underremiss",
        "### SISABs remissvar har i huvudsak följande lydelse (bilaga 1)",
        "### Stockholmshems remissvar har i huvudsak följande lydelse (bilaga 4)",
        "## Koncernledningens synpunkter och förslag",
        "Anette Scheibe Lorentzi\\\nVice VD",
        "## Bilagor",
        "1. SISABs remissvar",
        "4. AB Stockholmshems remissvar",
        "## Attesterat av",
        "| Anette Scheibe Lorentzi, Vice VD | 2023-10-26 |",  # ISO, as in seed 004
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_remiss_document_pdf(tmp_path: Path) -> None:
    from test_report_pdf import make_pdf

    _, reader = make_pdf(tmp_path, "remiss", "ks-2023-740", "--data", DATA, "--as-of", "2024-01-01")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Koncernledningens synpunkter och förslag" in text
    assert reader.metadata is not None and reader.metadata.title == "Remissvar KS 2023/740"


REMISS_FILE = "agreements/testavtal/remisses/ks-2024-9.yaml"


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        (
            "    attachment: AB Testbostäders remissvar",
            "    attachment: AB Testbostäders remissvar\n    answered: 2024-05-02",
            "remiss-answer-order",
            23,
        ),
        (
            "    attachment: AB Testbostäders remissvar",
            "    attachment: Annat bolags svar",
            "attachment-mismatch",
            22,
        ),
    ],
    ids=["sub-answered-after-remiss", "attachment-names-another-body"],
)
def test_remiss_checks(
    tree: Path, write: WriteFile, old: str, new: str, code: str, line: int
) -> None:
    path = tree / REMISS_FILE
    text = path.read_text(encoding="utf-8").replace(old, new) + "answered: 2024-05-01\n"
    path.write_text(text, encoding="utf-8")
    result = json.loads(run_cli("validate", "--data", tree, "--format", "json").output)
    found = [(d["code"], d["line"]) for d in result["diagnostics"]]
    assert (code, line) in found, found


def test_duplicate_attachment(tree: Path) -> None:
    path = tree / REMISS_FILE
    text = path.read_text(encoding="utf-8")
    text += (
        "  - id: andra\n    organisation: ab-testbostader\n    stance: synpunkter\n"
        "    summary: Samma bolag igen.\n    attachment: AB Testbostäders remissvar\n"
    )
    path.write_text(text.replace("sub_referrals:\n", "sub_referrals:\n", 1), encoding="utf-8")
    result = run_cli("validate", "--data", tree)
    assert "error[duplicate-attachment]" in result.output, result.output
