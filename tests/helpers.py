"""Helpers that more than one test module uses (all data invented): small records and
datasets built in code, trees that trouble the reader, the second process held to its share,
the scalars the YAML reader must read as ruamel.yaml does. The fixtures are in conftest.py."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from samverkan_cli.loading.loader import SourceFile
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.models import KINDS, Agreement, Promise, RecordModel
from samverkan_cli.speed.fork import Shares
from samverkan_cli.status.model import Context

_KIND_OF = {kind.model: kind for kind in KINDS}
CHECKOUT = Path(__file__).resolve().parent.parent
"""This checkout: the package the programs the tests start run."""


def dataset_of(*models: RecordModel) -> Dataset:
    dataset = Dataset(Path("data"))
    for model in models:
        kind = _KIND_OF[type(model)]
        source = SourceFile(f"{kind.name}-{model.id}.yaml", f"{model.id}.yaml", ())
        dataset.records.setdefault(kind.name, []).append(Record(model, source, kind))
    return dataset


def promise(
    targets: list[dict[str, Any]], activities: list[dict[str, Any]] | None = None, year: int = 2022
) -> Promise:
    return Promise.model_validate(
        {
            "id": f"test-{year}",
            "issuers": ["lpo-test", "test"],
            "year": year,
            "title": "Påhittat löfte",
            "commitments": [{"id": "c", "title": "Åtagande", "targets": targets}],
            "activities": activities or [],
        }
    )


def revision_events(state: str, date: str) -> dict[str, str]:
    """The dated event that puts a revision in `state` from `date` (the format before
    events had a `state` and a `date`)."""
    return {{"draft": "drafted", "remiss": "remiss"}.get(state, "adopted"): date}


def agreement(targets: list[dict[str, Any]], interval: int = 4) -> Agreement:
    return Agreement.model_validate(
        {
            "id": "avtal",
            "title": "Påhittat avtal",
            "parties": [{"organisation": "kommunen"}, {"organisation": "polisen"}],
            "revision_interval_years": interval,
            "summary": "Påhittat.",
            "goals": [{"id": "g", "title": "Mål", "targets": targets}],
        }
    )


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def context(
    as_of: str,
    *,
    promise: Promise | None = None,
    agreement: Agreement | None = None,
    dataset: Dataset | None = None,
) -> Context:
    return Context(day(as_of), dataset or dataset_of(), agreement=agreement, promise=promise)


YAML_SCALARS = [
    "NO",
    "yes",
    "on",
    "010",
    "0o10",
    "0x1F",
    "1_000",
    "+5",
    "-0",
    "1.5",
    "1e3",
    "1.",
    ".5",
    ".inf",
    "-.Inf",
    "~",
    "null",
    "Null",
    "",
    "true",
    "True",
    "TRUE",
    "tRue",
    "2019",
    "2019-11",
    "2019-11-12",
    "2019-1-2",
    "2019-11-12T10:00:00",
    "0b101",
    "08",
    "12:30",
    "1,5",
    "0o",
    "0x",
    "_1",
    "'010'",
    '"yes"',
    "KS 2019/656",
    "Södra",
]
"""Scalar texts to read as ruamel.yaml reads them (YAML 1.2); YAML 1.1 reads many otherwise."""


def troubled(tree: Path) -> Path:
    """The minimal tree with one file for each thing the reading must catch."""
    promise = (tree / "promises" / "centrum" / "centrum-2022.yaml").read_text()
    variants = {
        "2023": promise.replace("Trygghetsvandring vid torget.", "Kontakt 121212-1212."),
        "2024": promise.replace("Trygghetsvandring", "Trygghets\x00vandring"),
        "2025": promise.replace("date: 2022-02-10", "date: '2022-02-10'"),
        "2026": promise.replace("kind: count", "kind: &k count").replace(
            "kind: milestone", "kind: *k"
        ),
        "2027": promise.replace("minimum: 8", "minimum: 0x8"),
        "2029": promise.replace("minimum: 8", "minimum: åtta"),  # read fast, fails its schema
    }
    for year, text in variants.items():
        text = text.replace("centrum-2022", f"centrum-{year}").replace("2022", year)
        (tree / "promises" / "centrum" / f"centrum-{year}.yaml").write_text(text)
    (tree / "promises" / "centrum" / "centrum-2028.yaml").write_bytes(b"id: \xff\n")
    return tree


def taking(monkeypatch: pytest.MonkeyPatch, there: int | None) -> None:
    """The second process takes only the first `there` shares (all when None) and this one
    all the others, whatever the timing."""
    take = Shares.take

    def only(self: Shares, *, from_front: bool) -> int | None:
        if there is None:
            return take(self, from_front=True) if from_front else None
        with self.lock:
            front, back = int(self.ends[0]), int(self.ends[1])
            if from_front and front < min(there, back):
                self.ends[0] = front + 1
                return front
            if not from_front and back > max(front, there):
                self.ends[1] = back - 1
                return back - 1
            return None

    monkeypatch.setattr(Shares, "take", only)


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` as a test user; its standard output."""
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def program(
    *args: str | Path, cwd: Path | None = None, cache: bool = True
) -> subprocess.CompletedProcess[str]:
    """`samverkan ARGS` in a fresh process, as a user runs it."""
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    environment.pop("SAMVERKAN_DEBUG", None)
    if not cache:
        environment["SAMVERKAN_CACHE"] = "0"
    return subprocess.run(
        [sys.executable, "-m", "samverkan_cli", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@contextmanager
def committed_repository(
    root: Path, tree: Path, message: str = "Poster", prepare: Callable[[Path], None] | None = None
) -> Iterator[Path]:
    """`tree` as data/ in a new git repository at `root`, committed on main (after
    `prepare(data)` where given), and the working directory while the block runs."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(tree, root / "data")
    if prepare is not None:
        prepare(root / "data")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(cwd)


def record_files(repo: Path) -> list[Path]:
    """Every record file of the repository: the real ones in data/, the examples and the
    fixtures (not those in the earlier format)."""
    folders = (repo / "data", repo / "examples", repo / "tests" / "fixtures")
    return sorted(
        path for folder in folders for path in folder.rglob("*.yaml") if "legacy" not in path.parts
    )


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a diff shows: '-old' and '+new'."""
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]
