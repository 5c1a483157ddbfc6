"""The formats CI services read: GitHub annotations, GitLab Code Quality and SARIF 2.1.0, each
checked against its published schema (tests/schemas/), with paths relative to the repository
root wherever the command runs (a monorepo, a job's working directory)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, run_cli
from helpers import git
from jsonschema import Draft4Validator, Draft7Validator

SCHEMAS = Path(__file__).parent / "schemas"
SARIF = Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text("utf-8")))
GITLAB_ENTRY = Draft7Validator(json.loads((SCHEMAS / "gitlab-codeclimate.json").read_text("utf-8")))
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
"""GitLab's documented scale (its schema leaves `severity` any text)."""

BROKEN = "projekt/data/areas/norra.yaml"


@pytest.fixture
def monorepo(tmp_path: Path) -> Iterator[Path]:
    """A git repository whose records are in projekt/data (an invented tree with two errors in
    areas/norra.yaml), with projekt/ as the working directory, as a CI job's
    `working-directory` makes it."""
    root = tmp_path / "monorepo"
    project = root / "projekt"
    project.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(FIXTURES / "minimal", project / "data")
    norra = project / "data/areas/norra.yaml"
    norra.write_text(norra.read_text("utf-8").replace("name: Norra", "nmae: Norra"), "utf-8")
    cwd = Path.cwd()
    os.chdir(project)
    try:
        yield root
    finally:
        os.chdir(cwd)


def _errors(validator: Draft4Validator | Draft7Validator, document: Any) -> list[str]:
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)
    ]


def validate_as(output_format: str, *args: str) -> tuple[int, Any]:
    result = run_cli("validate", "--format", output_format, *args)
    return result.exit_code, json.loads(result.stdout)


def test_sarif_is_valid_sarif_2_1_0_with_repository_paths(monorepo: Path) -> None:
    code, sarif = validate_as("sarif")
    assert code == 1
    assert _errors(SARIF, sarif) == []
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    results = run["results"]
    assert {result["ruleId"] for result in results} == {
        "missing-key",
        "unknown-key",
        "count-mismatch",
    }
    rules = run["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results
    }
    assert BROKEN in uris
    assert all(uri.startswith("projekt/data/") for uri in uris)
    levels = {result["ruleId"]: result["level"] for result in results}
    assert levels == {"missing-key": "error", "unknown-key": "error", "count-mismatch": "warning"}


def test_sarif_of_a_clean_tree_has_a_run_without_results(repo: Path) -> None:
    code, sarif = validate_as("sarif")
    assert code == 0
    assert _errors(SARIF, sarif) == []
    assert sarif["runs"][0]["results"] == []


def test_gitlab_of_a_clean_tree_is_an_empty_report(repo: Path) -> None:
    assert validate_as("gitlab") == (0, [])


def test_gitlab_code_quality_matches_gitlabs_schema_with_repository_paths(monorepo: Path) -> None:
    code, report = validate_as("gitlab")
    assert code == 1
    assert isinstance(report, list) and len(report) == 3
    for entry in report:
        assert _errors(GITLAB_ENTRY, entry) == []
        assert entry["severity"] in GITLAB_SEVERITIES
        assert entry["location"]["positions"]["begin"]["line"] >= 1
    by_code = {entry["check_name"]: entry for entry in report}
    assert by_code["unknown-key"]["location"]["path"] == BROKEN
    assert by_code["unknown-key"]["severity"] == "major"
    assert by_code["count-mismatch"]["severity"] == "minor"
    assert len({entry["fingerprint"] for entry in report}) == 3


def test_a_fingerprint_stays_when_lines_move_and_changes_with_the_problem(monorepo: Path) -> None:
    def prints() -> dict[str, str]:
        return {entry["check_name"]: entry["fingerprint"] for entry in validate_as("gitlab")[1]}

    before = prints()
    assert prints() == before
    norra = monorepo / BROKEN
    norra.write_text("# En kommentar som flyttar raderna.\n" + norra.read_text("utf-8"), "utf-8")
    moved = validate_as("gitlab")[1]
    assert {entry["check_name"]: entry["fingerprint"] for entry in moved} == before
    assert {entry["location"]["positions"]["begin"]["line"] for entry in moved} >= {4, 5}
    norra.write_text(norra.read_text("utf-8").replace("nmae:", "namn:"), "utf-8")
    assert prints()["unknown-key"] != before["unknown-key"]


def test_two_identical_problems_have_different_fingerprints() -> None:
    from samverkan_cli.checks.validation import ValidationResult
    from samverkan_cli.diagnostics import Code, Diagnostic, Severity
    from samverkan_cli.output.diagnostic_formats import as_gitlab, as_sarif

    same = [
        Diagnostic("data/a.yaml", line, 1, Severity.ERROR, Code.UNKNOWN_KEY, "okänd")
        for line in (2, 5)
    ]
    result = ValidationResult(1, same)
    report = json.loads(as_gitlab(result, None))
    assert report[0]["fingerprint"] != report[1]["fingerprint"]
    sarif = json.loads(as_sarif(result, None))
    assert _errors(SARIF, sarif) == []
    fingerprints = [r["partialFingerprints"]["samverkan/v1"] for r in sarif["runs"][0]["results"]]
    assert fingerprints == [entry["fingerprint"] for entry in report]


def test_github_annotations_name_the_file_from_the_repository_root(monorepo: Path) -> None:
    result = run_cli("validate", "--format", "github")
    assert result.exit_code == 1
    assert f"::error file={BROKEN},line=4,col=1,title=samverkan unknown-key::" in result.stdout


def test_paths_are_from_the_repository_root_also_with_data_elsewhere(monorepo: Path) -> None:
    os.chdir(monorepo)
    result = run_cli("validate", "--format", "github", "--data", "projekt/data")
    assert f"file={BROKEN}," in result.stdout
    absolute = run_cli("validate", "--format", "github", "--data", monorepo / "projekt/data")
    assert f"file={BROKEN}," in absolute.stdout


def test_paths_are_from_the_repository_root_through_a_link(monorepo: Path, tmp_path: Path) -> None:
    link = tmp_path / "genväg"
    link.symlink_to(monorepo / "projekt")
    os.chdir(link)
    assert f"file={BROKEN}," in run_cli("validate", "--format", "github").stdout
    through = run_cli("validate", "--format", "github", "--data", link / "data")
    assert f"file={BROKEN}," in through.stdout


def test_outside_git_the_paths_are_as_validate_names_them(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    norra = tree / "areas/norra.yaml"
    norra.write_text(norra.read_text("utf-8").replace("name: Norra", "nmae: Norra"), "utf-8")
    monkeypatch.chdir(tree.parent)
    github = run_cli("validate", "--format", "github")
    assert "::error file=data/areas/norra.yaml,line=4," in github.stdout
    _, report = validate_as("gitlab")
    assert {entry["location"]["path"] for entry in report} >= {"data/areas/norra.yaml"}
    _, sarif = validate_as("sarif")
    assert _errors(SARIF, sarif) == []
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "uriBaseId" not in location["artifactLocation"]


def test_a_path_with_spaces_and_swedish_letters_is_a_valid_uri(monorepo: Path) -> None:
    place = monorepo / "projekt/data/areas"
    (place / "norra.yaml").rename(place / "norra område.yaml")
    _, sarif = validate_as("sarif")
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    ]
    assert "projekt/data/areas/norra%20omr%C3%A5de.yaml" in uris
    _, report = validate_as("gitlab")
    assert "projekt/data/areas/norra område.yaml" in {e["location"]["path"] for e in report}


@pytest.mark.parametrize("output_format", ["gitlab", "sarif"])
def test_the_json_formats_are_only_json(monorepo: Path, output_format: str) -> None:
    result = run_cli("validate", "--format", output_format)
    json.loads(result.stdout)
    assert result.stdout.endswith("]\n") or result.stdout.endswith("}\n")
