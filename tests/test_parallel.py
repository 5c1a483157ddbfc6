"""The one fork mechanism: a second process only where it pays, and never when asked not to."""

from __future__ import annotations

import pytest

from samverkan_cli.speed import fork


def test_a_second_process_pays_from_the_one_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMVERKAN_PROCESSES", raising=False)
    monkeypatch.setattr(fork, "fork_available", lambda: True)
    assert not fork.pays(fork.SPLIT_FROM - 1)
    assert fork.pays(fork.SPLIT_FROM)


def test_one_process_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMVERKAN_PROCESSES", "1")
    assert not fork.fork_available()
    assert not fork.pays(10**6)
