"""Regressions found in review: each once a crash, a wrong figure or a lost error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, WriteFile, run_cli
from helpers import agreement, context

from samverkan_cli.loading.yaml_reader import YamlFailure, read_yaml
from samverkan_cli.status.kinds import EVALUATORS
from samverkan_cli.status.model import Status
from samverkan_cli.support.swedish import format_number, sort_key


def codes(tree: Path) -> list[tuple[str, str, int, int]]:
    report = json.loads(run_cli("validate", "--data", tree, "--format", "json").output)
    return [
        (Path(d["path"]).name, d["code"], d["line"], d["column"]) for d in report["diagnostics"]
    ]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_nan_and_infinity_are_refused(tree: Path, value: str) -> None:
    path = tree / "agreements/testavtal/followups/mars-2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 35", f"value: {value}"))
    assert ("mars-2021.yaml", "invalid-value", 15, 12) in codes(tree)


def test_indicator_deadline_must_follow_the_baseline(tree: Path) -> None:
    path = tree / "agreements/testavtal/agreement.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("deadline: 2025", "deadline: 2019"))
    assert any(code == "invalid-value" for _, code, _, _ in codes(tree))


def test_every_missing_key_is_reported(tree: Path, write: WriteFile) -> None:
    write("areas/tom.yaml", "id: tom\n")
    missing = [c for c in codes(tree) if c[1] == "missing-key"]
    assert len(missing) == 4  # police_area may be left out


def test_duplicate_key_keeps_the_first_values_place() -> None:
    document = read_yaml("name: {x: 1}\nname: Foo\n")
    assert document.data == {"name": {"x": 1}}
    assert document.positions.of_value(("name",)) == (1, 7)


@pytest.mark.parametrize("text", ["x:\n\t- 1\n", "x:\n\ta: 1\n"])
def test_tab_under_a_key_is_a_tab_error(text: str) -> None:
    with pytest.raises(YamlFailure) as failure:
        read_yaml(text)
    assert failure.value.problem.code == "yaml-tab"


def test_keys_that_are_not_text_are_reported() -> None:
    document = read_yaml("1: a\ntrue: b\n")
    assert [p.code for p in document.problems] == ["yaml-key-type", "yaml-key-type"]
    assert document.data == {"1": "a", "True": "b"}


def test_huge_number_message_is_short() -> None:
    problem = read_yaml("v: " + "9" * 5000 + "\n").problems[0]
    assert len(problem.message) < 200


def test_count_target_in_an_agreement_has_no_log() -> None:
    record = agreement([{"id": "c", "kind": "count", "minimum": 3, "unit": "möten"}])
    result = EVALUATORS["count"](
        record.goals[0].targets[0], context("2030-01-01", agreement=record)
    )
    assert result.status is Status.NO_DATA


def test_numbers_keep_their_decimals_and_sort_puts_spaces_first() -> None:
    assert format_number(0.25) == "0,25"
    assert format_number(2.25) == "2,25"
    assert sorted(["Norrahammar", "Norra Djurgården"], key=sort_key) == [
        "Norra Djurgården",
        "Norrahammar",
    ]


@pytest.mark.parametrize("value", ["20240630", "2024-W26-1", "2024-6-30"])
def test_as_of_must_be_a_calendar_date(value: str) -> None:
    assert run_cli("status", "--data", DATA, "--as-of", value).exit_code == 2


@pytest.mark.parametrize("kind", ["areas", "overview"])
def test_extra_id_for_a_report_without_ids_is_refused(kind: str) -> None:
    result = run_cli("report", kind, "xyz", "--data", DATA)
    assert result.exit_code == 2 and "tar inget id" in result.output


def test_schema_output_onto_a_file_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "fil"
    target.write_text("x")
    assert run_cli("schema", "-o", target).exit_code == 2


# Third review (issue 8): the fast path and the second process.

PROMISE_PATH = "promises/centrum/centrum-2022.yaml"


@pytest.mark.parametrize("nesting", ["- " * 12000 + "x\n", "? " * 20000 + "x\n"])
def test_deep_block_nesting_never_reaches_yaml_rs(tree: Path, nesting: str) -> None:
    # yaml-rs overflowed its stack on these and took the whole process down.
    (tree / "promises/centrum/centrum-2023.yaml").write_text(nesting)
    found = codes(tree)
    assert any(
        name == "centrum-2023.yaml" and code.startswith("yaml-") for name, code, _, _ in found
    )


def test_aliases_after_a_lone_carriage_return_are_not_expanded_unseen(tree: Path) -> None:
    activity = "{date: 2022-02-10, target: trygghetsvandringar, description: x}"
    text = (tree / PROMISE_PATH).read_text().split("activities:")[0]
    text += f"activities: [&a {activity},\r" + ",\r".join(["*a"] * 40000) + "]\n"
    (tree / PROMISE_PATH).write_bytes(text.encode())
    assert ("centrum-2022.yaml", "yaml-too-large") in {
        (name, code) for name, code, _, _ in codes(tree)
    }


def test_a_link_to_a_device_whose_size_lies_is_not_read(tree: Path) -> None:
    # /dev/zero says 0 bytes and never ends; it is outside the data root, so never opened.
    (tree / "promises/centrum/centrum-2023.yaml").symlink_to("/dev/zero")
    assert ("centrum-2023.yaml", "symlink-outside", 1, 1) in codes(tree)


@pytest.mark.parametrize("details", [[], ["--details"]])
def test_titles_are_text_not_rich_markup(tree: Path, details: list[str]) -> None:
    path = tree / PROMISE_PATH
    path.write_text(path.read_text().replace("title: Otrygga platser", "title: 'Löfte [/x]'"))
    promise = path.read_text()
    for year in range(2030, 2052):  # more than 20 records: the overview table too
        text = promise.replace("2022", str(year)).replace(
            "\ntitle: Medborgarlöfte", "\ntitle: '[bold]Löfte[/]'\nsummary: Medborgarlöfte"
        )
        (tree / "promises/centrum" / f"centrum-{year}.yaml").write_text(text)
    result = run_cli("status", "--data", tree, "--as-of", "2024-06-30", *details)
    assert result.exit_code == 0, result.output
    assert "[bold]Löfte[/]" in result.output.replace("\n", "")
