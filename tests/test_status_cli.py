"""`samverkan status` through the CLI and the library: real data, the examples, roll-ups."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REPO, run_cli

from samverkan_cli import api
from samverkan_cli.loading.loader import load
from samverkan_cli.speed import fork
from samverkan_cli.status import serialize
from samverkan_cli.status.engine import status_report
from samverkan_cli.status.model import Status, Summary

EXAMPLES = REPO / "examples" / "exempelstad"


def status_json(*args: str | Path) -> dict[str, Any]:
    result = run_cli("status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def targets(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        target["id"]: target
        for record in report["records"]
        for group in record["groups"]
        for target in group["targets"]
    }


def test_real_data_areas_goal_names_the_stockholm_areas_of_2019() -> None:
    found = targets(status_json("--data", DATA, "--as-of", "2020-01-01", "stockholm"))
    areas = found["sarskilt-utsatta-omraden"]
    assert areas["status"] == "efter plan"
    assert areas["details"]["areas"] == ["Husby", "Rinkeby/Tensta"]
    assert "Husby, Rinkeby/Tensta" in areas["sentence"]
    assert "3 juni 2019" in areas["sentence"]


def test_real_data_revision_due_from_2019_and_four_years() -> None:
    before = targets(status_json("--data", DATA, "--as-of", "2020-01-01"))["revidering"]
    assert before["status"] == "i fas"
    assert before["details"] == {
        "last_revision": "2019",
        "last_adopted": "2019-11",
        "due": "2023-11",
        "interval_years": 4,
        "valid_until": None,
        "state": "current",
    }
    after = targets(status_json("--data", DATA, "--as-of", "2024-01-01"))["revidering"]
    assert after["details"]["state"] == "overdue"
    assert after["status"] == "efter plan"
    assert "Försenad" in after["sentence"] and "på remiss" in after["sentence"]


@pytest.mark.parametrize(
    ("as_of", "allowed"), [("2020-01-01", {"ej påbörjat"}), ("2023-06-01", {"ingen data"})]
)
def test_real_data_norrmalm_has_no_activity_log(as_of: str, allowed: set[str]) -> None:
    report = status_json("--data", DATA, "--as-of", as_of, "--kind", "promise")
    [record] = report["records"]
    assert record["id"] == "norrmalm-2022"
    assert len(targets(report)) == 6
    assert {target["status"] for target in targets(report).values()} == allowed


def test_examples_show_all_six_statuses() -> None:
    report = status_json("--data", EXAMPLES, "--as-of", "2024-06-30")
    assert {target["status"] for target in targets(report).values()} == {s.value for s in Status}


def test_json_shape_is_stable() -> None:
    report = status_json("--data", EXAMPLES, "--as-of", "2024-06-30")
    assert set(report) == {
        "version",
        "as_of",
        "complete",
        "errors",
        "left_out",
        "with_errors",
        "records",
    }
    assert report["complete"] is True and report["errors"] == 0
    assert report["version"] == 1 and report["as_of"] == "2024-06-30"
    agreement = report["records"][0]
    assert set(agreement) == {"kind", "id", "title", "path", "summary", "groups"}
    assert set(agreement["summary"]) == {"progress", "measured", "counts"}
    assert list(agreement["summary"]["counts"]) == [s.value for s in Status]
    target = agreement["groups"][0]["targets"][0]
    assert set(target) == {"id", "kind", "title", "status", "progress", "sentence", "details"}
    area = next(record for record in report["records"] if record["kind"] == "area")
    assert area["level"] == "särskilt utsatt område"
    assert area["sentence"] == "Särskilt utsatt område enligt lägesbilden december 2023."


def test_records_are_ordered_agreements_promises_then_areas_in_swedish_order() -> None:
    report = status_json("--data", DATA, "--as-of", "2020-01-01")
    kinds = [record["kind"] for record in report["records"]]
    assert kinds == sorted(kinds, key=["agreement", "promise", "area"].index)
    areas = [record["title"] for record in report["records"] if record["kind"] == "area"]
    assert areas == [
        "Alby",
        "Fittja",
        "Hallunda/Norsborg",
        "Husby",
        "Rinkeby/Tensta",
        "Ronna/Geneta/Lina",
    ]


def test_table_shows_statuses_grouped_by_record() -> None:
    result = run_cli("status", "--data", EXAMPLES, "--as-of", "2024-06-30")
    assert result.exit_code == 0
    assert "Status 30 juni 2024" in result.output
    assert "Medborgarlöfte: Medborgarlöfte 2024 för lokalpolisområde Centrum" in result.output
    for status in Status:
        assert status.value in result.output
    assert "Utsatta områden" in result.output


@pytest.mark.parametrize(
    ("threshold", "code"),
    [("ej-uppnatt", 1), ("efter-plan", 1), ("uppnatt", 1)],
)
def test_fail_on_for_ci(threshold: str, code: int) -> None:
    result = run_cli("status", "--data", EXAMPLES, "--as-of", "2024-06-30", "--fail-on", threshold)
    assert result.exit_code == code


def test_fail_on_passes_when_nothing_is_that_bad() -> None:
    result = run_cli(
        "status",
        "--data",
        DATA,
        "--as-of",
        "2020-01-01",
        "--kind",
        "promise",
        "--fail-on",
        "efter-plan",
    )
    assert result.exit_code == 0


def test_unknown_id_and_bad_date_exit_2() -> None:
    result = run_cli("status", "--data", DATA, "norrmalm-2021")
    assert result.exit_code == 2
    assert "menade du 'norrmalm-2022'?" in result.output
    assert run_cli("status", "--data", DATA, "--as-of", "2020-13-01").exit_code == 2


def test_status_on_a_tree_with_a_broken_file_still_runs(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(EXAMPLES, tmp_path / "data")
    (tmp_path / "data" / "areas" / "trasig.yaml").write_text("id: [\n", encoding="utf-8")
    result = run_cli("status", "--data", tmp_path / "data", "--as-of", "2024-06-30")
    assert result.exit_code == 1  # the status is shown, and it says it is not the whole
    assert "1 fel i posterna" in result.stderr
    assert "Ofullständig" in result.stdout and "trasig.yaml (kunde inte läsas)" in result.stdout


def test_roll_up_is_the_mean_of_the_children() -> None:
    summary = Summary.of([Status.REACHED, Status.BEHIND, Status.NO_DATA], [1.0, 0.5, None])
    assert summary.progress == 0.75
    assert summary.counts[Status.REACHED] == 1 and summary.total == 3
    assert summary.worst is Status.BEHIND
    report = status_json("--data", EXAMPLES, "--as-of", "2024-06-30", "centrum-2024")
    record = report["records"][0]
    group_progress = [group["summary"]["progress"] for group in record["groups"]]
    assert record["summary"]["progress"] == pytest.approx(sum(group_progress) / len(group_progress))
    assert sum(record["summary"]["counts"].values()) == 5


def _many_promises(tree: Path, count: int) -> Path:
    promise = (tree / "promises" / "centrum" / "centrum-2022.yaml").read_text()
    for year in range(2030, 2030 + count):
        text = promise.replace("2022", str(year))
        (tree / "promises" / "centrum" / f"centrum-{year}.yaml").write_text(text)
    return tree


def test_many_records_show_a_line_each_and_details_on_request(tree: Path) -> None:
    _many_promises(tree, 25)
    overview = run_cli("status", "--data", tree, "--as-of", "2024-06-30")
    assert overview.exit_code == 0, overview.output
    assert "poster" in overview.output and "--details" in overview.output
    assert "(centrum-2040)" in overview.output
    assert "Trygghetsvandring" not in overview.output  # no target lines
    detailed = run_cli("status", "--data", tree, "--as-of", "2024-06-30", "--details")
    assert detailed.output.count("Otrygga platser") >= 26


def test_few_records_show_every_target(tree: Path) -> None:
    result = run_cli("status", "--data", tree, "--as-of", "2024-06-30")
    assert "Otrygga platser" in result.output and "--details" not in result.output


@pytest.mark.parametrize("split", [False, True], ids=["one-process", "two-processes"])
def test_json_is_the_status_report_made_a_record_at_a_time(
    split: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if split:
        monkeypatch.setattr(fork, "SPLIT_FROM", 1)
    dataset, _ = load(EXAMPLES)
    day = datetime.date(2024, 6, 30)
    found = api.status(EXAMPLES, day, as_json=True)
    report = status_report(dataset, day)
    assert found.text == json.dumps(serialize.report_to_dict(report), ensure_ascii=False)
    assert found.statuses == [target.result.status for target in report.targets()]
    assert len(set(found.statuses)) == len(Status)
    results = api.status(EXAMPLES, day)
    assert results.report == report


@pytest.mark.parametrize("threshold", ["ej-uppnatt", "efter-plan"])
def test_fail_on_is_the_same_with_json(threshold: str) -> None:
    args = ("--data", EXAMPLES, "--as-of", "2024-06-30", "--fail-on", threshold)
    table = run_cli("status", *args)
    as_json = run_cli("status", "--format", "json", *args)
    assert as_json.exit_code == table.exit_code == 1
    assert as_json.stderr.splitlines()[-1] == table.stderr.splitlines()[-1]
