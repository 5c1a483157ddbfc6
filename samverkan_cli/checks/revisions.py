"""Revisions: `continues` links go back in time, to areas that exist."""

from __future__ import annotations

from collections.abc import Iterator

from samverkan_cli.checks.references import unread_keys
from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.revisions import first_event, revisions_by_agreement


def _continues(dataset: Dataset) -> Iterator[Diagnostic]:
    unread = unread_keys(dataset)
    for agreement, records in revisions_by_agreement(dataset).items():
        unread_here = sorted(
            path for key, path in unread.items() if key[:2] == ("revision", agreement)
        )
        for record in records:
            revision = record.model
            earlier_areas = {
                area.id
                for other in records
                if first_event(other.model) < first_event(revision)
                for area in other.model.areas
            }
            for area_index, area in enumerate(revision.areas):
                for link_index, link in enumerate(area.continues):
                    if link not in earlier_areas and unread_here:
                        # The area may be in a revision that could not be read: not a
                        # second error.
                        yield record.diagnostic(
                            ("areas", area_index, "continues", link_index),
                            Code.UNREAD_REFERENCE,
                            f"'{link}' finns inte i de tidigare revisioner som kunde läsas;"
                            f" {', '.join(unread_here)} kunde inte läsas; rätta felen där",
                        )
                    elif link not in earlier_areas:
                        yield record.diagnostic(
                            ("areas", area_index, "continues", link_index),
                            Code.UNKNOWN_REFERENCE,
                            f"'{link}' är inget samverkansområde i en tidigare revision av"
                            f" '{revision.agreement}'{did_you_mean(link, earlier_areas)}",
                        )


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    yield from _continues(dataset)
