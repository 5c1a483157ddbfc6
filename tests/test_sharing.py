"""Files read in a second process mean what they mean when read here, whatever happens to it."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from unittest import mock

import pytest
from helpers import troubled

from samverkan_cli.checks.validation import ValidateJob
from samverkan_cli.diagnostics import Code, Diagnostic
from samverkan_cli.loading.limits import DEFAULT_LIMITS
from samverkan_cli.loading.reading import SourceFile, checksum
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.job import LoadJob, Share, Tree
from samverkan_cli.speed import fork, runner, sharing
from samverkan_cli.speed.sharing import _Shared, read_all

PROMISE = Path("promises/centrum/centrum-2022.yaml")


def load(tree: Path, *, keep_texts: bool = False) -> tuple[Dataset, list[Diagnostic]]:
    """The whole tree in one dataset, as the runner loads it for a job that needs every
    record at once (the files read in two processes where that pays)."""
    loaded = runner.run(LoadJob(), tree, transient=keep_texts)
    return loaded.dataset, loaded.problems


def _validate_json(tree: Path, *, here: bool = False) -> dict[str, object]:
    """The problems the whole tree's loading finds, and what validate reports of a tree
    loaded that way, in this process alone when `here`."""
    with mock.patch.dict(os.environ, {"SAMVERKAN_PROCESSES": "1"} if here else {}):
        dataset, problems = load(tree)
        result = ValidateJob().merge(
            [ValidateJob().work(Share(dataset, problems))], Tree(dataset.files, 0)
        )
    return {
        "diagnostics": [
            {"path": d.path, "line": d.line, "column": d.column, "code": d.code}
            for d in result.diagnostics
        ],
        "models": repr(_models(dataset)),
    }


def _models(dataset: Dataset) -> dict[str, list[object]]:
    return {name: [r.model for r in records] for name, records in dataset.records.items()}


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share even the smallest tree, a file at a time."""
    monkeypatch.setattr(fork, "SPLIT_FROM", 1)
    monkeypatch.setattr(fork, "CHUNK", 1)


def _leave_every_share_there(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process reads every file; this one only waits and models."""
    take = _Shared.take

    def take_from_the_front_only(self: _Shared, *, from_front: bool) -> int | None:
        return take(self, from_front=True) if from_front else None

    monkeypatch.setattr(_Shared, "take", take_from_the_front_only)


@pytest.fixture
def all_there(shared: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _leave_every_share_there(monkeypatch)


def test_the_second_process_finds_what_this_one_finds(tree: Path, all_there: None) -> None:
    troubled(tree)
    here = _validate_json(tree, here=True)
    assert _validate_json(tree) == here
    found = {
        (Path(d["path"]).name, d["line"], d["column"], d["code"])
        for d in here["diagnostics"]  # type: ignore[attr-defined]
    }
    assert ("centrum-2023.yaml", 23, 26, "personnummer") in found
    assert ("centrum-2024.yaml", 23, 27, "yaml-syntax") in found  # the NUL byte
    assert ("centrum-2028.yaml", 1, 5, "encoding") in found
    assert any(name == "centrum-2029.yaml" and line > 1 for name, line, _, _ in found)


def test_records_read_there_equal_records_read_here(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    troubled(tree)
    here, _ = load(tree)
    monkeypatch.setattr(fork, "SPLIT_FROM", 1)
    monkeypatch.setattr(fork, "CHUNK", 1)
    both, _ = load(tree)
    assert _models(both) == _models(here)
    take = _Shared.take
    monkeypatch.setattr(
        _Shared,
        "take",
        lambda self, from_front: take(self, from_front=True) if from_front else None,
    )
    there, _ = load(tree)
    assert _models(there) == _models(here)


def test_every_file_read_once_from_both_ends(tree: Path, shared: None) -> None:
    troubled(tree)
    sources = [SourceFile(str(path), str(path), ()) for path in sorted(tree.rglob("*.yaml"))]
    indexes = [index for index, _ in read_all(sources, DEFAULT_LIMITS)]
    assert sorted(indexes) == list(range(len(sources)))


def test_a_position_is_not_taken_from_a_file_changed_since_it_was_read(tree: Path) -> None:
    path = tree / PROMISE
    source = SourceFile(str(path), str(PROMISE), PROMISE.parts)
    raw = path.read_bytes()
    source.left_behind = (len(raw), checksum(raw))
    assert source.positions.of_value(("title",)) != (1, 1)  # unchanged: read again for it
    path.write_text(path.read_text().replace("title:", "\n\ntitle:"))
    moved = SourceFile(str(path), str(PROMISE), PROMISE.parts)
    moved.left_behind = (len(raw), checksum(raw))
    assert moved.positions.of_value(("title",)) == (1, 1)


def test_a_second_process_that_dies_leaves_its_shares_to_this_one(
    tree: Path, shared: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    troubled(tree)
    here = _validate_json(tree, here=True)

    def die(shared: _Shared, sender: object) -> None:
        shared.take(from_front=True)  # takes a share, then dies without sending it
        os._exit(1)

    monkeypatch.setattr(sharing, "second_process", die)
    assert _validate_json(tree) == here


def test_no_second_process_when_asked_or_for_a_small_tree(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("no second process should start")

    monkeypatch.setattr(_Shared, "start", refuse)
    load(tree)  # a few files: a process costs more
    monkeypatch.setattr(fork, "SPLIT_FROM", 1)
    monkeypatch.setenv("SAMVERKAN_PROCESSES", "1")
    load(tree)


def test_no_processes_to_be_had_means_reading_here(
    tree: Path, shared: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    troubled(tree)
    here = _validate_json(tree, here=True)

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _validate_json(tree) == here


def test_kept_texts_give_positions_after_the_tree_is_gone(tree: Path, all_there: None) -> None:
    """`--rev` loads an export of a revision and deletes it before the checks need positions."""
    dataset, _ = load(tree, keep_texts=True)
    shutil.rmtree(tree)
    promise = dataset.records["promise"][0]
    assert promise.diagnostic(("title",), Code.INVALID_VALUE, "y").line > 1


def test_a_second_process_killed_holding_the_lock_does_not_stop_this_one(
    tree: Path, shared: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    troubled(tree)
    here = _validate_json(tree, here=True)

    def killed_holding_the_lock(shared: _Shared, sender: object) -> None:
        shared.shares.lock.acquire()
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(sharing, "second_process", killed_holding_the_lock)
    signal.alarm(60)  # a hang fails the run instead of stopping it
    try:
        assert _validate_json(tree) == here
    finally:
        signal.alarm(0)
