"""Every whole-tree job gives the same result in one share or two, from the working tree or
from a git revision, on generated trees (bench/generate.py: invented records)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import run_cli
from helpers import git

from samverkan_cli.speed import fork, parts

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from generate import generate

AS_OF = "2024-06-30"
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "--format", "json"),
    "status": ("status", "--format", "json", "--as-of", AS_OF),
    "status-table": ("status", "--as-of", AS_OF, "--kind", "promise"),
    "report": ("report", "--as-of", AS_OF),
    "export": ("export", "--format", "json", "--as-of", AS_OF),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated tree in a git repository, with a promise copied under another name (its id
    twice: a duplicate that two shares see apart) and one broken promise, all committed."""
    repo = tmp_path_factory.mktemp("generated")
    data = repo / "data"
    generate(580, data)
    promises = sorted((data / "promises").rglob("*.yaml"))
    assert len(promises) > 40
    first = promises[0]
    shutil.copy(first, first.parent / "zz-kopia.yaml")
    promises[-1].write_text(promises[-1].read_text().replace("minimum:", "minimum: x #"))
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "generated")
    return data


def _run(data: Path, command: str, *extra: str, processes: int) -> tuple[int, str]:
    environment = {"SAMVERKAN_CACHE": "0", "SAMVERKAN_PROCESSES": str(processes)}
    with mock.patch.dict(os.environ, environment):
        result = run_cli(*COMMANDS[command], "--data", data, *extra)
    return result.exit_code, result.stdout


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split the generated tree's promises between two processes in small shares; the list
    holds one entry per run that really split."""
    if not fork.fork_available():
        pytest.skip("no second process here")
    monkeypatch.setattr(fork, "SPLIT_FROM", 1)
    monkeypatch.setattr(fork, "CHUNK", 3)
    runs: list[int] = []
    start = parts.Split.start

    def counted(*args: Any, **kwargs: Any) -> parts.Split | None:
        found = start(*args, **kwargs)
        if found is not None:
            runs.append(1)
        return found

    monkeypatch.setattr(parts.Split, "start", counted)
    return runs


@pytest.mark.parametrize("command", COMMANDS)
def test_two_processes_give_what_one_gives(generated: Path, command: str, split: list[int]) -> None:
    one = _run(generated, command, processes=1)
    assert not split  # one process: the tree was never split
    two = _run(generated, command, processes=2)
    assert split, "the tree was not split between two processes"
    assert two == one
    if command == "validate":
        assert one[0] == 1  # the duplicate id and the broken promise are errors


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("processes", [1, 2])
def test_a_git_revision_gives_what_the_working_tree_gives(
    generated: Path, command: str, processes: int, split: list[int]
) -> None:
    here = _run(generated, command, processes=processes)
    at_head = _run(generated, command, "--rev", "HEAD", processes=processes)
    assert at_head == here
    assert bool(split) == (processes == 2)


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize("extra", [(), ("--rev", "HEAD")], ids=["working-tree", "rev"])
def test_an_id_used_twice_is_found_however_the_tree_is_read(
    generated: Path, processes: int, extra: tuple[str, ...], split: list[int]
) -> None:
    code, output = _run(generated, "validate", *extra, processes=processes)
    found = json.loads(output)["diagnostics"]
    duplicates = [d for d in found if d["code"] == "duplicate-id"]
    assert code == 1
    assert [Path(d["path"]).name for d in duplicates] == ["zz-kopia.yaml"]
