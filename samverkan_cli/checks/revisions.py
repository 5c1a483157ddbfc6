"""Revisions and remisses: `continues` links go back in time; a remiss refers a real revision."""

from __future__ import annotations

from collections.abc import Iterator

from samverkan_cli.diagnostics import Diagnostic, did_you_mean
from samverkan_cli.loading.loader import Dataset, Record
from samverkan_cli.models import Remiss, Revision, RevisionState


def _revisions_by_agreement(dataset: Dataset) -> dict[str, list[Record[Revision]]]:
    grouped: dict[str, list[Record[Revision]]] = {}
    for record in dataset.of(Revision):
        grouped.setdefault(record.model.agreement, []).append(record)
    return grouped


def _continues(dataset: Dataset) -> Iterator[Diagnostic]:
    for records in _revisions_by_agreement(dataset).values():
        for record in records:
            revision = record.model
            earlier_areas = {
                area.id
                for other in records
                if other.model.date < revision.date
                for area in other.model.areas
            }
            for area_index, area in enumerate(revision.areas):
                for link_index, link in enumerate(area.continues):
                    if link not in earlier_areas:
                        yield record.diagnostic(
                            ("areas", area_index, "continues", link_index),
                            "unknown-reference",
                            f"'{link}' är inget samverkansområde i en tidigare revision av"
                            f" '{revision.agreement}'{did_you_mean(link, earlier_areas)}",
                        )


def _remiss_revision(dataset: Dataset) -> Iterator[Diagnostic]:
    grouped = _revisions_by_agreement(dataset)
    for record in dataset.of(Remiss):
        remiss = record.model
        revisions = {other.model.id: other.model for other in grouped.get(remiss.agreement, [])}
        revision = revisions.get(remiss.revision)
        if revision is None:
            yield record.diagnostic(
                ("revision",),
                "unknown-reference",
                f"revisionen '{remiss.revision}' av '{remiss.agreement}' finns inte"
                f"{did_you_mean(remiss.revision, revisions)}",
            )
        elif revision.state is RevisionState.DRAFT:
            yield record.diagnostic(
                ("revision",),
                "remiss-revision-state",
                f"revisionen '{revision.id}' är ett utkast (draft); en remiss avser en revision"
                " i läget remiss, adopted eller superseded",
            )


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    yield from _continues(dataset)
    yield from _remiss_revision(dataset)
