"""A tree loaded in two shares, one per process, gives what the whole tree gives in one."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import pytest
from conftest import run_cli
from helpers import taking, troubled

from samverkan_cli.records.job import Share, Tree
from samverkan_cli.speed import fork, parts, runner
from samverkan_cli.speed.fork import fork_available

pytestmark = pytest.mark.skipif(not fork_available(), reason="no second process here")


@dataclass(frozen=True)
class _Each:
    """A job that gives what `work` made of each share, and the errors in loading."""

    each: Callable[[Share], Any]
    whole: ClassVar[bool] = False

    def work(self, share: Share) -> Any:
        return self.each(share)

    def merge(self, results: list[Any], tree: Tree) -> tuple[list[Any], int]:
        return results, tree.load_errors


def _shares(tree: Path, each: Callable[[Share], Any]) -> list[Any]:
    return runner.run(_Each(each), tree)[0]


def _with_duplicates(tree: Path) -> Path:
    """The troubled tree, and ids repeated: within a file's lists, and between files that
    (with a share a file) one process or two may read."""
    troubled(tree)
    promises = tree / "promises" / "centrum"
    original = (promises / "centrum-2022.yaml").read_text()
    (promises / "centrum-2030.yaml").write_text(original)  # id centrum-2022 again
    (promises / "centrum-2031.yaml").write_text(
        original.replace("centrum-2022", "centrum-2031")
        .replace("2022", "2031")
        .replace("id: metod", "id: trygghetsvandringar")
    )
    (promises / "centrum-2032.yaml").write_text(original)  # and a third time
    return tree


def _validate_json(tree: Path, *, here: bool = False) -> dict[str, object]:
    # Each run fresh: a kept result would be the first run's, however the tree is shared.
    environment = {"SAMVERKAN_CACHE": "0", **({"SAMVERKAN_PROCESSES": "1"} if here else {})}
    with mock.patch.dict(os.environ, environment):
        result = run_cli("validate", "--data", tree, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    report: dict[str, object] = json.loads(result.output)
    return report


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even the smallest tree, a file at a time."""
    monkeypatch.setattr(fork, "SPLIT_FROM", 1)
    monkeypatch.setattr(fork, "CHUNK", 1)


def test_two_parts_find_what_one_finds(tree: Path, split: None) -> None:
    _with_duplicates(tree)
    here = _validate_json(tree, here=True)
    codes = [d["code"] for d in here["diagnostics"]]  # type: ignore[attr-defined]
    assert codes.count("duplicate-id") >= 3
    assert _validate_json(tree) == here


@pytest.mark.parametrize("there", [None, 1, 3, 0])
def test_ids_repeated_across_the_parts_are_found_with_their_place(
    tree: Path, split: None, monkeypatch: pytest.MonkeyPatch, there: int | None
) -> None:
    _with_duplicates(tree)
    here = _validate_json(tree, here=True)
    taking(monkeypatch, there)
    assert _validate_json(tree) == here
    repeated = [
        d
        for d in here["diagnostics"]  # type: ignore[attr-defined]
        if d["code"] == "duplicate-id" and "centrum-2022" in d["message"]
    ]
    assert [Path(d["path"]).name for d in repeated] == ["centrum-2030.yaml", "centrum-2032.yaml"]
    assert all(d["line"] > 1 for d in repeated)  # the id's own line, read again here


def test_each_part_sees_the_context_and_owns_its_shared_records(
    tree: Path, split: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_duplicates(tree)
    taking(monkeypatch, 2)

    def describe(share: Share) -> tuple[bool, int, list[str], list[str]]:
        owned = [r.file.parts[-1] for r in share.own_records() if r.kind.name == "promise"]
        context = sorted(name for name in share.dataset.records if name != "promise")
        return share.answers_for_context, os.getpid(), sorted(owned), context

    results, load_errors = runner.run(_Each(describe), tree)
    (first, here_pid, owned_here, context_here), (second, there_pid, owned_there, context) = results
    assert (first, second) == (True, False)
    assert here_pid == os.getpid() != there_pid
    assert context == context_here and "organisation" in context
    assert owned_there == ["centrum-2022.yaml", "centrum-2023.yaml"]
    assert not set(owned_here) & set(owned_there)
    assert load_errors > 0


def _dying_second_process(monkeypatch: pytest.MonkeyPatch, die: object) -> None:
    second = parts.Split._second

    def instead(self: parts.Split, work: object, sender: object) -> None:
        die(self)  # type: ignore[operator]
        second(self, work, sender)  # type: ignore[arg-type]

    monkeypatch.setattr(parts.Split, "_second", instead)


def test_a_second_process_that_dies_leaves_its_part_to_this_one(
    tree: Path, split: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_duplicates(tree)
    here = _validate_json(tree, here=True)

    def die(split: parts.Split) -> None:
        split.shares.take(from_front=True)  # takes a share, then dies without a word
        os._exit(1)

    _dying_second_process(monkeypatch, die)
    assert _validate_json(tree) == here


def test_a_second_process_killed_holding_the_lock_does_not_stop_this_one(
    tree: Path, split: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_duplicates(tree)
    here = _validate_json(tree, here=True)

    def killed_holding_the_lock(split: parts.Split) -> None:
        split.shares.lock.acquire()
        os.kill(os.getpid(), signal.SIGKILL)

    _dying_second_process(monkeypatch, killed_holding_the_lock)
    signal.alarm(60)  # a hang fails the run instead of stopping it
    try:
        assert _validate_json(tree) == here
    finally:
        signal.alarm(0)


def test_no_processes_to_be_had_means_one_part_here(
    tree: Path, split: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_duplicates(tree)
    here = _validate_json(tree, here=True)

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _validate_json(tree) == here
    assert len(_shares(tree, lambda share: share.answers_for_context)) == 1


def test_one_part_for_a_small_tree_or_when_asked(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _shares(tree, lambda share: share.answers_for_context) == [True]
    monkeypatch.setattr(fork, "SPLIT_FROM", 1)
    assert _shares(tree, lambda share: share.answers_for_context) == [True, False]
    monkeypatch.setenv("SAMVERKAN_PROCESSES", "1")
    assert _shares(tree, lambda share: share.answers_for_context) == [True]


def _status(tree: Path, *args: str, here: bool = False) -> tuple[int, str, str]:
    with mock.patch.dict(os.environ, {"SAMVERKAN_PROCESSES": "1"} if here else {}):
        result = run_cli("status", "--data", tree, "--format", "json", *args)
    return result.exit_code, result.stdout, result.stderr


def _more_promises(tree: Path) -> Path:
    """Promises of two lokalpolisområden whose names sort differently from their ids, some
    sharing a name and year (file order decides), and one broken."""
    promises = tree / "promises"
    original = (promises / "centrum" / "centrum-2022.yaml").read_text()
    for year in (2019, 2020, 2021, 2023, 2024):
        (promises / "centrum" / f"centrum-{year}.yaml").write_text(
            original.replace("2022", str(year)).replace("minimum: 8", f"minimum: {year - 2018}")
        )
    (promises / "centrum" / "centrum-2025.yaml").write_text(
        original.replace("minimum: 8", "minimum: x")
    )
    return tree


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--as-of", "2022-06-30", "--fail-on", "efter-plan"),
        ("--kind", "promise", "--as-of", "2023-01-01"),
        ("centrum-2021", "centrum-2024", "testavtal"),
        ("centrum-2099",),
    ],
)
@pytest.mark.parametrize("there", [None, 2])
def test_status_in_two_parts_is_status_in_one(
    tree: Path,
    split: None,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    there: int | None,
) -> None:
    _more_promises(tree)
    here = _status(tree, *args, here=True)
    taking(monkeypatch, there)
    assert _status(tree, *args) == here
    assert here[0] == (2 if "centrum-2099" in args else 1)  # a broken file: exit 1
    assert "1 fel i posterna" in here[2]


def test_an_error_here_stops_and_reaps_the_second_process(tree: Path, split: None) -> None:
    _with_duplicates(tree)

    def work(share: Share) -> None:
        if share.answers_for_context:
            raise RuntimeError("an error here")
        time.sleep(60)  # the second process would go on for a minute

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="an error here"):
        _shares(tree, work)
    with pytest.raises(ChildProcessError):  # no child left, not even a zombie
        os.waitpid(-1, os.WNOHANG)
    assert time.monotonic() - started < 30
