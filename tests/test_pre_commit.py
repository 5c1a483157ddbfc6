"""The pre-commit hook: what a commit changes (the index against HEAD, deletions too) and the
records that point at it, checked before the commit is made.

The last test runs pre-commit itself (`pre-commit try-repo`) on this checkout: it builds the
hook's environment as a data repository's pre-commit would, with pip from PyPI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import run_cli
from helpers import git

CHECKOUT = Path(__file__).resolve().parent.parent
MUNICIPALITY = "data/organisations/teststad.yaml"
AREA = Path("data/areas/norra.yaml")


def _paths(*args: str) -> tuple[int, set[str]]:
    result = run_cli("validate", "--format", "json", *args)
    return result.exit_code, {d["path"] for d in json.loads(result.output)["diagnostics"]}


def test_a_staged_deletion_fails_at_the_records_that_point_at_it(repo: Path) -> None:
    git(repo, "rm", "-q", MUNICIPALITY)
    result = run_cli("validate", "--staged")
    assert result.exit_code == 1
    assert (
        "data/areas/norra.yaml:5:15: error[unknown-reference]: kommun 'teststad' finns inte:"
        " filen data/organisations/teststad.yaml tas bort i ändringen; behåll den eller ändra"
        " referensen\n"
    ) in result.output
    assert "menade du" not in result.output
    _, paths = _paths("--staged")
    assert "data/organisations/lpo-centrum.yaml" in paths
    assert "data/promises/centrum/centrum-2022.yaml" in paths


def test_staged_reports_only_what_the_commit_changes(repo: Path) -> None:
    # Unstaged and untracked problems are not the commit's (pre-commit puts unstaged
    # changes aside before its hooks run).
    (repo / AREA).write_text((repo / AREA).read_text().replace("name:", "namn:"))
    (repo / "data/areas/ny.yaml").write_text("id: [\n")
    assert run_cli("validate", "--staged").output == "0 filer, 0 fel, 0 varningar\n"
    git(repo, "add", str(AREA))
    code, paths = _paths("--staged")
    assert (code, paths) == (1, {AREA.as_posix()})


def test_staged_in_a_repository_without_commits(tmp_path: Path) -> None:
    import shutil

    from conftest import FIXTURES

    git(tmp_path, "init", "-q")
    shutil.copytree(FIXTURES / "minimal", tmp_path / "data")
    git(tmp_path, "add", "-A")
    result = run_cli("validate", "--staged", "--data", tmp_path / "data")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("13 filer, 0 fel")


def test_a_renamed_record_is_named_at_the_records_that_point_at_its_old_id(repo: Path) -> None:
    git(repo, "mv", MUNICIPALITY, "data/organisations/nystad.yaml")
    (repo / "data/organisations/nystad.yaml").write_text(
        (repo / "data/organisations/nystad.yaml").read_text().replace("teststad", "nystad")
    )
    git(repo, "add", "-A")
    result = run_cli("validate", "--changed-since", "HEAD")
    assert result.exit_code == 1
    assert (
        "data/organisations/lpo-centrum.yaml:7:18: error[unknown-reference]: kommun 'teststad'"
        " finns inte: filen data/organisations/teststad.yaml tas bort i ändringen"
    ) in result.output


def test_staged_with_rev_cannot_run(repo: Path) -> None:
    result = run_cli("validate", "--staged", "--rev", "HEAD")
    assert result.exit_code == 2
    assert "--staged går inte att kombinera med --rev" in result.output


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "SAMVERKAN_CACHE": "0"}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(CHECKOUT), "samverkan-validate"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_pre_commit_try_repo_passes_an_edit_and_fails_a_deletion(
    repo: Path, tmp_path: Path
) -> None:
    home = tmp_path / "pre-commit-home"
    (repo / AREA).write_text((repo / AREA).read_text().replace("Norra", "Norra området"))
    git(repo, "add", str(AREA))
    edited = _try_repo(repo, home)
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert "samverkan validate" in edited.stdout and "Passed" in edited.stdout

    git(repo, "rm", "-q", MUNICIPALITY)
    deleted = _try_repo(repo, home)
    assert deleted.returncode == 1, deleted.stdout + deleted.stderr
    assert "Failed" in deleted.stdout and "Skipped" not in deleted.stdout
    assert (
        "data/organisations/lpo-centrum.yaml:7:18: error[unknown-reference]:"
        " kommun 'teststad' finns inte: filen data/organisations/teststad.yaml tas bort"
    ) in deleted.stdout


def test_staged_checks_what_the_commit_holds_not_the_working_tree(repo: Path) -> None:
    """Where the working tree differs from the index, the index is read: a record removed
    from the commit but left on disk (`git rm --cached`), a record others point at that was
    never added, and a staged version that differs from the file on disk."""
    git(repo, "rm", "-q", "--cached", MUNICIPALITY)
    assert (repo / MUNICIPALITY).exists()
    result = run_cli("validate", "--staged")
    assert result.exit_code == 1, result.output
    assert "kommun 'teststad' finns inte: filen data/organisations/teststad.yaml tas bort" in (
        result.output
    )
    git(repo, "reset", "-q")

    new = repo / "data/organisations/nystad.yaml"
    new.write_text((repo / MUNICIPALITY).read_text().replace("teststad", "nystad"))
    (repo / AREA).write_text((repo / AREA).read_text().replace("teststad", "nystad"))
    git(repo, "add", str(AREA))
    unadded = run_cli("validate", "--staged")
    assert unadded.exit_code == 1, unadded.output
    assert "kommun 'nystad' finns inte" in unadded.output
    git(repo, "add", str(new))
    assert run_cli("validate", "--staged").exit_code == 0

    (repo / AREA).write_text((repo / AREA).read_text().replace("name:", "namn:"))
    assert run_cli("validate", "--staged").exit_code == 0  # the broken file is not staged
    git(repo, "add", str(AREA))
    (repo / AREA).write_text((repo / AREA).read_text().replace("namn:", "name:"))
    staged = run_cli("validate", "--staged")  # on disk fine, staged broken
    assert staged.exit_code == 1 and "okänd nyckel 'namn'" in staged.output
