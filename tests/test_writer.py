"""The one writer of records: only the changed lines change, files are written whole with
their mode kept, and a file changed on disk since it was read is not overwritten."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import DATA, REPO
from helpers import changed_lines, record_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan_cli import api
from samverkan_cli.records.models import KINDS, kind_for_path
from samverkan_cli.records.writer import EditConflict, EditRefused, RecordEdit, layout_of, plain

RECORD_FILES = record_files(REPO)
KINDS_IN_DATA = {
    found[0].name
    for path in DATA.rglob("*.yaml")
    if (found := kind_for_path(path.relative_to(DATA).parts)) is not None
}


def copy(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    return target


def test_the_real_data_holds_every_kind() -> None:
    assert {kind.name for kind in KINDS} == KINDS_IN_DATA


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_an_unchanged_record_is_written_byte_for_byte(path: Path, tmp_path: Path) -> None:
    target = copy(path, tmp_path)
    edit = RecordEdit.open(target)
    assert edit.render() == path.read_text(encoding="utf-8")
    assert edit.save() is False
    assert target.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_a_change_shows_only_the_changed_lines(path: Path, tmp_path: Path) -> None:
    """Every record file (the real ones in data/ with their comments, the examples and the
    fixtures): a new title and a new key at the end are all a diff shows."""
    target = copy(path, tmp_path)
    before = target.read_text(encoding="utf-8")
    edit = RecordEdit.open(target)
    old_id = edit.data["id"]
    edit.data["id"] = "nytt-id"
    edit.data["tillagd"] = "Ett nytt värde"
    edit.save()
    after = target.read_text(encoding="utf-8")
    shown = changed_lines(before, after)
    assert shown[-1] == "+tillagd: Ett nytt värde"
    assert len(shown) == 3
    assert shown[0].startswith("-id: ") and str(old_id) in shown[0]
    # the value keeps its quotes, as the line it replaces had them
    assert shown[1] == "+" + shown[0][1:].replace(str(old_id), "nytt-id")


def test_a_value_deep_in_a_real_promise_changes_alone(tmp_path: Path) -> None:
    target = copy(DATA / "promises/norrmalm/norrmalm-2022.yaml", tmp_path)
    before = target.read_text(encoding="utf-8")
    edit = RecordEdit.open(target)
    edit.data["commitments"][1]["targets"][0]["minimum"] = 7
    edit.save()
    assert changed_lines(before, target.read_text(encoding="utf-8")) == [
        "-        minimum: 6",
        "+        minimum: 7",
    ]


def test_the_mode_of_a_file_is_kept(tmp_path: Path) -> None:
    target = copy(DATA / "organisations/lidingo.yaml", tmp_path)
    target.chmod(0o640)
    edit = RecordEdit.open(target)
    edit.data["name"] = "Lidingö"
    assert edit.save() is True
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "name: Lidingö\n" in target.read_text(encoding="utf-8")


def test_a_file_changed_after_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    target = copy(DATA / "organisations/lidingo.yaml", tmp_path)
    edit = RecordEdit.open(target)
    edit.data["name"] = "Lidingö"
    someone_else = target.read_text(encoding="utf-8") + "# ändrad av någon annan\n"
    target.write_text(someone_else, encoding="utf-8")
    with pytest.raises(EditConflict, match="har ändrats"):
        edit.save()
    assert target.read_text(encoding="utf-8") == someone_else


def test_a_new_file_that_appeared_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "ny.yaml"
    edit = RecordEdit.new(target)
    edit.data["id"] = "ny"
    target.write_text("id: annan\n", encoding="utf-8")
    with pytest.raises(EditConflict):
        edit.save()
    assert target.read_text(encoding="utf-8") == "id: annan\n"


def test_a_failure_while_writing_leaves_the_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = copy(DATA / "organisations/lidingo.yaml", tmp_path)
    before = target.read_bytes()
    edit = RecordEdit.open(target)
    edit.data["name"] = "Lidingö"

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        edit.save()
    assert target.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_line_ends_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "crlf.yaml"
    target.write_bytes(b"\xef\xbb\xbf# kommentar\r\nid: x\r\nname: Namn\r\n")
    edit = RecordEdit.open(target)
    edit.data["name"] = "Nytt"
    edit.save()
    assert target.read_bytes() == b"\xef\xbb\xbf# kommentar\r\nid: x\r\nname: Nytt\r\n"


def test_the_indentation_of_a_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "flat.yaml"
    target.write_text("id: x\nissuers:\n- a\n- b\nperiod:\n    start: 2024\n", encoding="utf-8")
    layout = layout_of(target.read_text(encoding="utf-8"))
    assert (layout.mapping, layout.offset) == (4, 0)
    edit = RecordEdit.open(target)
    edit.data["issuers"].append("c")
    edit.save()
    assert target.read_text(encoding="utf-8") == (
        "id: x\nissuers:\n- a\n- b\n- c\nperiod:\n    start: 2024\n"
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("id: [x\n", "YAML-syntaxfel"),
        ("- en lista\n", "posten ska vara en mappning"),
    ],
)
def test_a_file_that_cannot_be_edited_is_refused_with_its_place(
    tmp_path: Path, text: str, why: str
) -> None:
    target = tmp_path / "fel.yaml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(EditRefused) as refused:
        RecordEdit.open(target)
    assert str(refused.value).startswith(f"{target}:")
    assert why.split(": ", 1)[-1] in str(refused.value)


def test_deeply_nested_yaml_is_refused_before_it_is_built(tmp_path: Path) -> None:
    target = tmp_path / "djup.yaml"
    target.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(EditRefused):
        RecordEdit.open(target)


# --- api.add_activities --------------------------------------------------------------------

WALK = {
    "target": "trygghetsvandringar",
    "date": "2024-06-11",
    "description": "Trygghetsvandring i hamnen.",
    "place": "Hamnen",
    "count": 2,
    "by": "lpo-centrum",
}


@pytest.fixture
def exempelstad(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(REPO / "examples/exempelstad", root)
    return root


def test_activities_are_added_in_the_logs_own_style(exempelstad: Path) -> None:
    path = exempelstad / "promises/centrum/centrum-2024.yaml"
    before = path.read_text(encoding="utf-8")
    result = api.add_activities(exempelstad, "centrum-2024", [WALK])
    assert result.written and result.added == [WALK] and result.duplicates == []
    assert result.diagnostics == []
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "+  - {date: 2024-06-11, target: trygghetsvandringar, description: Trygghetsvandring i"
        " hamnen., count: 2, place: Hamnen, by: lpo-centrum}"
    ]
    assert api.validate(exempelstad).errors == 0


def test_adding_the_same_activity_again_changes_nothing(exempelstad: Path) -> None:
    path = exempelstad / "promises/centrum/centrum-2024.yaml"
    api.add_activities(exempelstad, "centrum-2024", [WALK])
    once = path.read_bytes()
    again = api.add_activities(exempelstad, "centrum-2024", [WALK, dict(WALK)])
    assert again.added == [] and len(again.duplicates) == 2 and not again.written
    assert path.read_bytes() == once
    # an activity already in the file, written in its own way, is found too
    existing = {
        "date": "2024-01-18",
        "target": "trygghetsvandringar",
        "description": "Trygghetsvandring vid resecentrum.",
        "count": 1,
    }
    assert api.add_activities(exempelstad, "centrum-2024", [existing]).duplicates == [existing]


def test_a_real_promise_gets_a_block_entry_and_nothing_else_changes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    path = root / "promises/norrmalm/norrmalm-2022.yaml"
    before = path.read_text(encoding="utf-8")
    activity = {"target": "trygghetsvandringar", "date": "2022-03-01", "description": "Vandring."}
    result = api.add_activities(root, "norrmalm-2022", [activity])
    assert result.written, result.diagnostics
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n").rsplit("\nsources:", 1)[0])
    assert changed_lines(before, after) == [
        "+activities:",
        "+  - date: 2022-03-01",
        "+    target: trygghetsvandringar",
        "+    description: Vandring.",
    ]
    assert after.index("activities:") < after.index("sources:")


def test_an_activity_that_would_be_invalid_is_not_written(exempelstad: Path) -> None:
    path = exempelstad / "promises/centrum/centrum-2024.yaml"
    before = path.read_bytes()
    wrong = dict(WALK, target="finns-inte")
    result = api.add_activities(exempelstad, "centrum-2024", [WALK, wrong])
    assert not result.written and result.errors >= 1
    assert any("finns-inte" in diagnostic.message for diagnostic in result.diagnostics)
    assert path.read_bytes() == before


def test_a_dry_run_writes_nothing_but_shows_the_text(exempelstad: Path) -> None:
    path = exempelstad / "promises/centrum/centrum-2024.yaml"
    before = path.read_bytes()
    result = api.add_activities(exempelstad, "centrum-2024", [WALK], dry_run=True)
    assert not result.written and result.added == [WALK]
    assert "Trygghetsvandring i hamnen." in result.text
    assert path.read_bytes() == before


def test_an_unknown_promise_is_named_with_a_suggestion(exempelstad: Path) -> None:
    with pytest.raises(api.CannotRun, match="'centrum-2025' finns inte; menade du 'centrum-2024'"):
        api.add_activities(exempelstad, "centrum-2025", [WALK])


def _leaves(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The paths of the scalars in round-trip data."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for index, item in enumerate(data) for leaf in _leaves(item, (*path, index))]
    return [path]


REAL_FILES = sorted(DATA.rglob("*.yaml"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.sampled_from(REAL_FILES),
    pick=st.integers(min_value=0),
    value=st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö ABC-", min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool),
)
def test_any_one_value_changed_in_a_real_file_is_one_hunk(
    tmp_path_factory: pytest.TempPathFactory, file: Path, pick: int, value: str
) -> None:
    """A value anywhere in the real records, changed: the diff is one place, and the file
    reads back as the change made."""
    target = copy(file, tmp_path_factory.mktemp("fil"))
    before = target.read_text(encoding="utf-8")
    edit = RecordEdit.open(target)
    leaves = _leaves(edit.data)
    path = leaves[pick % len(leaves)]
    parent = edit.data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    expected = plain(edit.data)
    edit.save()
    after = target.read_text(encoding="utf-8")
    hunks = [
        code
        for code in difflib.SequenceMatcher(
            None, before.splitlines(), after.splitlines(), autojunk=False
        ).get_opcodes()
        if code[0] != "equal"
    ]
    assert len(hunks) <= 1
    assert plain(RecordEdit.open(target).data) == expected


def test_a_promise_changed_while_it_is_checked_is_not_overwritten(
    exempelstad: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samverkan_cli.checks import validation

    path = exempelstad / "promises/centrum/centrum-2024.yaml"
    checked = validation.validate_with_texts
    someone_else = path.read_text(encoding="utf-8") + "# ändrad under tiden\n"

    def meanwhile(*args: object, **kwargs: object) -> validation.ValidationResult:
        path.write_text(someone_else, encoding="utf-8")
        return checked(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "validate_with_texts", meanwhile)
    with pytest.raises(api.CannotRun, match="har ändrats"):
        api.add_activities(exempelstad, "centrum-2024", [WALK])
    assert path.read_text(encoding="utf-8") == someone_else


def test_values_as_a_spreadsheet_gives_them_are_written_as_the_model_reads_them(
    exempelstad: Path,
) -> None:
    """Text from a cell: a count of "3", blank cells, spaces around a description."""
    path = exempelstad / "promises/centrum/centrum-2024.yaml"
    cells = {"target": "polisinsatser", "date": "2024-06-01", "description": " Insats. "}
    cells |= {"count": "3", "place": "", "by": None}
    result = api.add_activities(exempelstad, "centrum-2024", [cells])
    assert result.written, result.diagnostics
    assert path.read_text(encoding="utf-8").endswith(
        "  - {date: 2024-06-01, target: polisinsatser, description: Insats., count: 3}\n"
    )
    again = {"target": "polisinsatser", "date": "2024-06-01", "description": "Insats."}
    assert api.add_activities(exempelstad, "centrum-2024", [again | {"count": 3}]).added == []
