"""Rules with one home each, seen from the command line: which revision is in force, how
`continues` links go back in time, the assessment counts, one diagnostic per impossible date
and what `--changed-since` re-checks.

Each test runs samverkan on a copy of the invented fixture tree (tests/fixtures/minimal).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import AREA, FIXTURES, WriteFile, run_cli
from helpers import committed_repository

REVISION_2020 = "agreements/testavtal/revisions/2020.yaml"
REVISION_2024 = "agreements/testavtal/revisions/2024.yaml"

REVISION_DUE_GOAL = """\
  - id: revidering
    title: Överenskommelsen revideras vart fjärde år
    targets:
      - id: revidering
        kind: revision_due
"""

SUPERSEDED_2016 = """\
# Invented test data.
id: "2016"
agreement: testavtal
signed: 2016-05
diary_number: KS 2016/3
areas:
  - id: gamla
    title: Gamla området
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with_revision_due_goal(tree: Path) -> None:
    agreement = tree / "agreements/testavtal/agreement.yaml"
    agreement.write_text(agreement.read_text(encoding="utf-8") + REVISION_DUE_GOAL, "utf-8")


def _report(tree: Path, as_of: str) -> str:
    result = run_cli("report", "agreement", "testavtal", "--as-of", as_of, "--data", tree)
    assert result.exit_code == 0, result.output
    return result.output


def _revision_due_sentence(tree: Path, as_of: str) -> str:
    result = run_cli("status", "testavtal", "--as-of", as_of, "--format", "json", "--data", tree)
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.output)["records"]
    (sentence,) = [
        target["sentence"]
        for group in record["groups"]
        for target in group["targets"]
        if target["kind"] == "revision_due"
    ]
    assert isinstance(sentence, str)
    return sentence


def _diagnostics(*args: str | Path) -> list[dict[str, Any]]:
    result = run_cli("validate", "--format", "json", *args)
    found: list[dict[str, Any]] = json.loads(result.output)["diagnostics"]
    return found


# Which revision is in force


def test_a_revision_is_not_in_force_before_it_is_signed(tree: Path) -> None:
    """The report's head and the revision-due status give the same answer."""
    _with_revision_due_goal(tree)
    _edit(tree / REVISION_2020, "signed: 2020-03", "signed: 2021-02-15")

    before = _report(tree, "2020-06-01")
    assert "- Ingen gällande överenskommelse vid detta datum\n" in before
    assert "Gällande revision: 2020" not in before
    assert "Prioriterade samverkansområden" not in before
    assert _revision_due_sentence(tree, "2020-06-01").startswith("Ingen antagen revision finns")

    after = _report(tree, "2021-03-01")
    assert "- Gällande revision: 2020 (KS 2020/1), undertecknad 15 februari 2021\n" in after
    assert "Prioriterade samverkansområden (revision 2020)" in after
    assert _revision_due_sentence(tree, "2021-03-01").startswith(
        "Senast reviderad 15 februari 2021 (revision 2020)"
    )


def test_a_superseded_revision_is_not_in_force_once_its_successor_is(
    tree: Path, write: WriteFile
) -> None:
    _with_revision_due_goal(tree)
    write("agreements/testavtal/revisions/2016.yaml", SUPERSEDED_2016)
    assert run_cli("validate", "--data", tree).exit_code == 0

    report = _report(tree, "2022-01-01")
    assert "- Gällande revision: 2020 (KS 2020/1), undertecknad mars 2020\n" in report
    assert "Prioriterade samverkansområden (revision 2020)" in report
    assert "Gamla området" not in report
    assert _revision_due_sentence(tree, "2022-01-01").startswith(
        "Senast reviderad mars 2020 (revision 2020)"
    )


def test_a_superseded_revision_was_in_force_before_its_successor(
    tree: Path, write: WriteFile
) -> None:
    _with_revision_due_goal(tree)
    write("agreements/testavtal/revisions/2016.yaml", SUPERSEDED_2016)

    report = _report(tree, "2018-01-01")
    assert "- Gällande revision: 2016 (KS 2016/3), undertecknad maj 2016\n" in report
    assert "Prioriterade samverkansområden (revision 2016)" in report
    assert _revision_due_sentence(tree, "2018-01-01").startswith(
        "Senast reviderad maj 2016 (revision 2016)"
    )


# `continues` goes back in time


def _unknown_references(tree: Path) -> list[tuple[str, str]]:
    return [
        (Path(d["path"]).name, d["message"])
        for d in _diagnostics("--data", tree)
        if d["code"] == "unknown-reference"
    ]


def test_an_area_cannot_continue_an_area_of_its_own_revision(tree: Path) -> None:
    _edit(
        tree / REVISION_2024,
        "    continues: [unga, platser]\n",
        "    continues: [unga, platser]\n"
        "  - id: trygghet\n    title: Trygghet\n    continues: [unga-och-platser]\n",
    )
    assert _unknown_references(tree) == [
        (
            "2024.yaml",
            "'unga-och-platser' är inget samverkansområde i en tidigare revision av 'testavtal';"
            " menade du 'platser'?",
        )
    ]


def test_a_revision_of_the_same_date_is_not_an_earlier_one(tree: Path) -> None:
    """Dates that are equal are not in order: neither revision is the earlier one."""
    _edit(tree / REVISION_2024, "remiss: 2024", "remiss: 2020-03")
    assert _unknown_references(tree) == [
        ("2024.yaml", f"'{area}' är inget samverkansområde i en tidigare revision av 'testavtal'")
        for area in ("unga", "platser")
    ]
    # A day later is later, even though the earlier date is less precise.
    _edit(tree / REVISION_2024, "remiss: 2020-03", "remiss: 2020-03-01")
    assert _unknown_references(tree) == []


# The assessment's published counts


def _count_mismatches(tree: Path) -> list[tuple[str, str]]:
    return [
        (d["severity"], d["message"])
        for d in _diagnostics("--data", tree)
        if d["code"] == "count-mismatch"
    ]


def _published_total(tree: Path, total: int) -> None:
    _edit(
        tree / "assessments/2021.yaml",
        "  - region: polisregion-testregion\n",
        f"  - region: polisregion-testregion\n    total: {total}\n",
    )


def _add_areas(write: WriteFile, *ids: str) -> None:
    for area_id in ids:
        write(
            f"areas/{area_id}.yaml",
            AREA.replace("id: sodra", f"id: {area_id}").replace("name: Södra", f"name: {area_id}"),
        )


def test_recorded_areas_equal_to_the_published_counts_are_no_mismatch(
    tree: Path, write: WriteFile
) -> None:
    # The assessment publishes 3 areas in testregion, 1 of them särskilt utsatt område.
    _published_total(tree, 3)
    _add_areas(write, "sodra", "vastra")
    assert _count_mismatches(tree) == []


def test_fewer_recorded_areas_than_the_published_total_is_a_warning(tree: Path) -> None:
    _published_total(tree, 3)
    assert _count_mismatches(tree) == [
        (
            "warning",
            "lägesbilden anger 3 områden i region 'polisregion-testregion', men bara 1 finns i"
            " data/areas: listan är inte fullständigt registrerad",
        )
    ]


def test_more_recorded_areas_than_the_published_total_is_an_error(
    tree: Path, write: WriteFile
) -> None:
    _published_total(tree, 3)
    _add_areas(write, "sodra", "vastra", "ostra")
    assert _count_mismatches(tree) == [
        (
            "error",
            "4 områden i data/areas har denna lägesbild i region 'polisregion-testregion', fler"
            " än totalen 3",
        )
    ]


@pytest.mark.parametrize("published", [0, 2])
def test_recorded_areas_of_a_level_other_than_published_is_a_warning(
    tree: Path, published: int
) -> None:
    _edit(tree / "assessments/2021.yaml", "count: 1", f"count: {published}")
    assert _count_mismatches(tree) == [
        (
            "warning",
            f"lägesbilden anger {published} områden med nivån 'särskilt utsatt område' i"
            " region 'polisregion-testregion', men 1 sådant område finns i data",
        )
    ]


# An impossible date


def test_an_impossible_date_is_reported_once(tree: Path) -> None:
    """Both the YAML reader and the model see it; the user is told once."""
    _edit(tree / REVISION_2020, "signed: 2020-03", "signed: 2020-02-30")
    dates = [d for d in _diagnostics("--data", tree) if d["code"] == "invalid-date"]
    assert [(Path(d["path"]).name, d["line"], d["column"]) for d in dates] == [("2020.yaml", 5, 9)]
    assert dates[0]["message"] == "ogiltigt datum '2020-02-30': februari 2020 har 29 dagar, inte 30"


# --changed-since and sibling revisions


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """The fixture tree committed in a git repository, which is the working directory."""
    with committed_repository(tmp_path / "repo", FIXTURES / "minimal") as root:
        yield root


def test_changed_since_rechecks_the_revisions_that_continue_a_changed_one(repo: Path) -> None:
    # The 2024 revision is untouched, but its `continues: [unga, platser]` points into 2020.
    _edit(repo / "data" / REVISION_2020, "- id: unga\n", "- id: unga-i-risk\n")
    found = [
        (Path(d["path"]).as_posix(), d["code"], d["message"])
        for d in _diagnostics("--changed-since", "HEAD")
    ]
    assert found == [
        (
            "data/agreements/testavtal/revisions/2024.yaml",
            "unknown-reference",
            "'unga' är inget samverkansområde i en tidigare revision av 'testavtal'",
        )
    ]


def test_an_agreement_known_only_by_its_end_month(tree: Path, write: WriteFile) -> None:
    """All the sources say of an earlier agreement is the month it ended."""
    _with_revision_due_goal(tree)
    shutil.rmtree(tree / "agreements/testavtal/revisions")
    shutil.rmtree(tree / "agreements/testavtal/remisses")
    write(
        REVISION_2020,
        '# Invented test data.\nid: "2020"\nagreement: testavtal\nvalid_until: 2019-11\n',
    )
    assert run_cli("validate", "--data", tree).exit_code == 0
    during = _report(tree, "2019-06-01")
    assert "- Gällande revision: 2020" in during and "- Gäller till november 2019" in during
    assert _revision_due_sentence(tree, "2019-06-01").startswith(
        "Överenskommelsen gäller till november 2019"
    )
    after = _report(tree, "2020-01-01")
    assert "- Ingen gällande överenskommelse vid detta datum" in after
    assert _revision_due_sentence(tree, "2020-01-01").startswith(
        "Överenskommelsen löpte ut november 2019 (revision 2020); ingen ny är antagen"
    )
