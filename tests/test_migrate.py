"""`samverkan migrate` rewrites trees in the earlier format (tests/fixtures/legacy: copies of
data/, examples/exempelstad and the minimal fixture as they were) into today's: they validate,
their comments are kept, and a second run changes nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

LEGACY = FIXTURES / "legacy"
EXAMPLES = Path(__file__).parent.parent / "examples" / "exempelstad"


def _comments(root: Path) -> set[str]:
    """Every comment in the tree's YAML files, but the schema lines (which move with a file)."""
    found = set()
    for path in root.rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            comment = re.search(r"(?:^|\s)(#.*)$", line)
            if comment and "yaml-language-server" not in comment.group(1):
                found.add(comment.group(1).strip())
    return found


@pytest.fixture(params=["data", "exempelstad", "minimal"])
def legacy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    tree = tmp_path / "data"
    shutil.copytree(LEGACY / request.param, tree)
    return tree


def test_a_migrated_tree_validates_and_keeps_its_comments(legacy: Path) -> None:
    before = _comments(legacy)
    assert run_cli("validate", "--data", legacy).exit_code == 1  # the old format is refused
    result = run_cli("migrate", "--data", legacy)
    assert result.exit_code == 0, result.output
    assert "filer skrivna" in result.stdout
    checked = run_cli("validate", "--data", legacy, "--format", "json")
    assert json.loads(checked.stdout)["errors"] == 0, checked.stdout
    assert before <= _comments(legacy), before - _comments(legacy)
    assert not (legacy / "reference").exists()
    assert (legacy / "organisations").is_dir()


def test_a_second_run_changes_nothing(legacy: Path) -> None:
    run_cli("migrate", "--data", legacy)
    files = {path: path.read_bytes() for path in legacy.rglob("*") if path.is_file()}
    again = run_cli("migrate", "--data", legacy)
    assert again.exit_code == 0
    assert again.stdout.strip() == "posterna har redan det nya formatet"
    assert {path: path.read_bytes() for path in legacy.rglob("*") if path.is_file()} == files


def test_the_migrated_example_means_what_the_example_means(tmp_path: Path) -> None:
    tree = tmp_path / "data"
    shutil.copytree(LEGACY / "exempelstad", tree)
    run_cli("migrate", "--data", tree)
    args = ("status", "--format", "json", "--as-of", "2024-06-30", "--data")
    migrated = json.loads(run_cli(*args, tree).stdout)
    today = json.loads(run_cli(*args, EXAMPLES).stdout)
    for report in (migrated, today):
        for record in report["records"]:
            record.pop("path")
    assert migrated == today


def test_migration_names_what_a_person_should_look_at(tmp_path: Path) -> None:
    tree = tmp_path / "data"
    shutil.copytree(LEGACY / "data", tree)
    result = run_cli("migrate", "--data", tree)
    assert "se över: organisations/stockholms-stadshus-ab.yaml" in result.stdout
    organisation = (tree / "organisations" / "stockholms-stadshus-ab.yaml").read_text()
    assert "type: annan" in organisation and "ange rätt typ" in organisation
    revision = (tree / "agreements/stockholm/revisions/2019.yaml").read_text()
    assert "state:" not in revision and "signed: 2019-11" in revision
    promise = (tree / "promises/norrmalm/norrmalm-2022.yaml").read_text()
    assert "issuers:" in promise and "- lpo-norrmalm" in promise
