"""Build small records and datasets in code for the status tests (all invented)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from samverkan_cli.loading.loader import SourceFile
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.models import KINDS, Agreement, Promise, RecordModel
from samverkan_cli.status.model import Context

_KIND_OF = {kind.model: kind for kind in KINDS}


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
            "police_area": "test",
            "region": "test",
            "municipalities": ["test"],
            "year": year,
            "title": "Påhittat löfte",
            "commitments": [{"id": "c", "title": "Åtagande", "targets": targets}],
            "activities": activities or [],
        }
    )


def agreement(targets: list[dict[str, Any]], interval: int = 4) -> Agreement:
    return Agreement.model_validate(
        {
            "id": "avtal",
            "title": "Påhittat avtal",
            "parties": [{"name": "Kommunen"}, {"name": "Polisen"}],
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
