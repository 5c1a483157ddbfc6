"""Checks across records, through the library and the CLI, on the invented fixture tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WriteFile, run_cli

from samverkan_cli.api import validate


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _found(tree: Path) -> list[tuple[str, str, int, int]]:
    result = validate(tree)
    return [
        (str(Path(d.path).relative_to(tree)), d.code, d.line, d.column) for d in result.diagnostics
    ]


def test_fixture_tree_is_valid(tree: Path) -> None:
    result = validate(tree)
    assert result.diagnostics == []
    assert result.files == 13


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "promises/centrum/centrum-2022.yaml",
            "  - date: 2022-02-10",
            "  - date: 2023-01-10",
            ("promises/centrum/centrum-2022.yaml", "date-outside-year", 21, 11),
        ),
        (
            "promises/centrum/centrum-2022.yaml",
            "    target: trygghetsvandringar\n    description",
            "    target: trygghetsvandring\n    description",
            ("promises/centrum/centrum-2022.yaml", "unknown-reference", 22, 13),
        ),
        (
            "promises/centrum/centrum-2022.yaml",
            "id: centrum-2022",
            "id: centrum-2021",
            ("promises/centrum/centrum-2022.yaml", "path-mismatch", 3, 5),
        ),
        (
            "promises/centrum/centrum-2022.yaml",
            "year: 2022",
            "year: 2021",
            ("promises/centrum/centrum-2022.yaml", "date-outside-year", 21, 11),
        ),
        (
            "promises/centrum/centrum-2022.yaml",
            "      - id: metod",
            "      - id: trygghetsvandringar",
            ("promises/centrum/centrum-2022.yaml", "duplicate-id", 17, 13),
        ),
        (
            "areas/norra.yaml",
            "region: polisregion-testregion",
            "region: annanregion",
            ("areas/norra.yaml", "unknown-reference", 7, 9),
        ),
        (
            "agreements/testavtal/revisions/2024.yaml",
            "continues: [unga, platser]",
            "continues: [unga, platsr]",
            ("agreements/testavtal/revisions/2024.yaml", "unknown-reference", 9, 23),
        ),
        (
            "agreements/testavtal/revisions/2024.yaml",
            "remiss: 2024",
            "drafted: 2024",
            ("agreements/testavtal/remisses/ks-2024-9.yaml", "remiss-revision-state", 5, 11),
        ),
        (
            "agreements/testavtal/remisses/ks-2024-9.yaml",
            'revision: "2024"',
            'revision: "2025"',
            ("agreements/testavtal/remisses/ks-2024-9.yaml", "unknown-reference", 5, 11),
        ),
        (
            "agreements/testavtal/followups/mars-2021.yaml",
            "  - target: otrygghet",
            "  - target: omraden",
            ("agreements/testavtal/followups/mars-2021.yaml", "unknown-reference", 13, 13),
        ),
        (
            "assessments/2021.yaml",
            "        count: 1",
            "        count: 2",
            ("assessments/2021.yaml", "count-mismatch", 11, 16),
        ),
        (
            "agreements/testavtal/agreement.yaml",
            "        municipality: teststad",
            "        municipality: teststa",
            ("agreements/testavtal/agreement.yaml", "unknown-reference", 29, 23),
        ),
    ],
    ids=[
        "activity-outside-year",
        "activity-unknown-target",
        "promise-id-not-lpo-year",
        "year-moves-the-period",
        "duplicate-target-id",
        "area-unknown-region",
        "continues-unknown-area",
        "remiss-on-draft",
        "remiss-unknown-revision",
        "measurement-not-indicator",
        "assessment-count-mismatch",
        "areas-target-unknown-municipality",
    ],
)
def test_cross_record_rule(
    tree: Path, file: str, old: str, new: str, expected: tuple[str, str, int, int]
) -> None:
    _edit(tree / file, old, new)
    assert expected in _found(tree)


def test_continues_must_point_back_in_time(tree: Path, write: WriteFile) -> None:
    # The 2020 revision cannot continue an area of the later 2024 revision.
    _edit(
        tree / "agreements/testavtal/revisions/2020.yaml",
        "    title: Unga i risk\n",
        "    title: Unga i risk\n    continues: [unga-och-platser]\n",
    )
    assert ("agreements/testavtal/revisions/2020.yaml", "unknown-reference", 10, 17) in _found(tree)


def test_duplicate_id_across_files_names_the_first(tree: Path, write: WriteFile) -> None:
    write("organisations/kopia.yaml", "id: teststad\ntype: kommun\nname: Kopia\n")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    assert "id 'teststad' används redan av" in result.output
    assert "path-mismatch" in result.output  # kopia.yaml holds id teststad


def test_region_must_match_the_police_area(tree: Path, write: WriteFile) -> None:
    write("organisations/annan.yaml", "id: annan\ntype: polisregion\nname: Polisregion Annan\n")
    _edit(tree / "areas/norra.yaml", "region: polisregion-testregion", "region: annan")
    assert ("areas/norra.yaml", "region-mismatch", 7, 9) in _found(tree)


def test_an_unknown_activity_target_is_said_with_the_files_schema_errors(tree: Path) -> None:
    """All problems in one run: an activity naming a target the promise lacks is reported
    also while the same file has a schema error elsewhere (an impossible date), at the same
    place and in the same words as once the date is fixed."""
    promise = tree / "promises" / "centrum" / "centrum-2022.yaml"
    text = promise.read_text(encoding="utf-8").replace(
        "    target: trygghetsvandringar", "    target: trygghetsvandring", 1
    )
    promise.write_text(text.replace("  - date: 2022-02-10", "  - date: 2022-13-10", 1))
    both = run_cli("validate", "--data", tree).output
    unknown = (
        "centrum-2022.yaml:22:13: error[unknown-reference]: målet 'trygghetsvandring' finns"
        " inte i detta medborgarlöfte; menade du 'trygghetsvandringar'?"
    )
    assert unknown in both and "error[invalid-date]" in both
    promise.write_text(text, encoding="utf-8")
    alone = run_cli("validate", "--data", tree).output
    assert unknown in alone and "invalid-date" not in alone
