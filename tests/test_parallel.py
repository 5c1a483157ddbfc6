"""Work split with a second process gives the results it gives in one, whatever happens."""

from __future__ import annotations

import os

import pytest

from samverkan_cli.speed import fork as parallel
from samverkan_cli.speed.fork import map_split

ITEMS = list(range(25))


@pytest.fixture(autouse=True)
def split_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SPLIT_FROM", 1)
    monkeypatch.delenv("SAMVERKAN_PROCESSES", raising=False)


def _square_and_where(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_results_in_order_with_half_of_them_made_elsewhere() -> None:
    results = map_split(_square_and_where, ITEMS)
    assert [square for square, _ in results] == [item * item for item in ITEMS]
    where = {pid for _, pid in results}
    assert os.getpid() in where
    assert len(where) == (2 if parallel.fork_available() else 1)


def test_a_second_process_that_dies_leaves_its_half_to_this_one() -> None:
    parent = os.getpid()

    def die_there(item: int) -> int:
        if os.getpid() != parent:
            os._exit(1)
        return item + 1

    assert map_split(die_there, ITEMS) == [item + 1 for item in ITEMS]


def test_no_fork_means_all_of_it_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert map_split(_square_and_where, ITEMS) == [(item * item, os.getpid()) for item in ITEMS]


def test_one_process_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_PROCESSES", "1")
    assert {pid for _, pid in map_split(_square_and_where, ITEMS)} == {os.getpid()}
