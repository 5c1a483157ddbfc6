"""The screens (personnummer, fast-path guards) say the same in a second process as here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from samverkan_cli.loading import screening
from samverkan_cli.loading.loader import load
from samverkan_cli.loading.screening import Screens, checksum

PROMISE = Path("promises/centrum/2022.yaml")


def _troubled(tree: Path) -> Path:
    """The minimal tree with one file for each thing the screens must catch."""
    promise = (tree / PROMISE).read_text()
    variants = {
        "2023": promise.replace("Trygghetsvandring vid torget.", "Kontakt 121212-1212."),
        "2024": promise.replace("Trygghetsvandring", "Trygghets\x00vandring"),
        "2025": promise.replace("date: 2022-02-10", "date: '2022-02-10'"),
        "2026": promise.replace("kind: count", "kind: &k count").replace(
            "kind: milestone", "kind: *k"
        ),
        "2027": promise.replace("minimum: 8", "minimum: 0x8"),
    }
    for year, text in variants.items():
        text = text.replace("centrum-2022", f"centrum-{year}").replace("2022", year)
        (tree / "promises" / "centrum" / f"{year}.yaml").write_text(text)
    (tree / "promises" / "centrum" / "2028.yaml").write_bytes(b"id: \xff\n")
    return tree


def _validate_json(tree: Path) -> dict[str, object]:
    result = run_cli("validate", "--data", tree, "--format", "json")
    report: dict[str, object] = json.loads(result.output)
    return report


def test_second_process_finds_what_this_one_finds(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _troubled(tree)
    here = _validate_json(tree)
    monkeypatch.setattr(screening, "PARALLEL_FROM", 1)
    assert Screens([str(tree / PROMISE)], 1 << 20).parallel
    assert _validate_json(tree) == here
    found = {
        (Path(d["path"]).name, d["line"], d["column"], d["code"])
        for d in here["diagnostics"]  # type: ignore[attr-defined]
    }
    assert ("2023.yaml", 22, 26, "personnummer") in found
    assert ("2024.yaml", 22, 27, "yaml-syntax") in found  # the NUL byte
    assert ("2028.yaml", 1, 5, "encoding") in found


def test_records_read_in_parallel_equal_records_read_here(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _troubled(tree)
    here, _ = load(tree)
    monkeypatch.setattr(screening, "PARALLEL_FROM", 1)
    there, _ = load(tree)
    assert {name: [r.model for r in records] for name, records in here.records.items()} == {
        name: [r.model for r in records] for name, records in there.records.items()
    }


def test_a_file_changed_between_the_reads_is_screened_again(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screening, "PARALLEL_FROM", 1)
    path = tree / PROMISE
    screens = Screens([str(path)], 1 << 20)
    changed = path.read_text().replace("Trygghetsvandring vid torget.", "Ring 121212-1212.")
    screen = screens.of(0, checksum(changed.encode()), changed)
    assert [kind for _, _, kind in screen.personnummer] == ["personnummer"]


def _fail(paths: list[str], max_bytes: int) -> list[screening.Screen | None]:
    raise MemoryError("the worker died")


def test_a_failed_worker_leaves_the_screens_to_this_process(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _troubled(tree)
    here = _validate_json(tree)
    monkeypatch.setattr(screening, "PARALLEL_FROM", 1)
    monkeypatch.setattr(screening, "_screen_files", _fail)
    assert _validate_json(tree) == here


def test_one_process_when_asked_or_for_a_small_tree(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(tree / PROMISE)]
    assert not Screens(paths, 1 << 20).parallel  # one file: a process costs more
    monkeypatch.setattr(screening, "PARALLEL_FROM", 1)
    monkeypatch.setenv("SAMVERKAN_PROCESSES", "1")
    assert not Screens(paths, 1 << 20).parallel
