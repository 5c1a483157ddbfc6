"""What follows from the organisations: who is part of whom, which kommuner an organisation
stands for, the polisregion it belongs to, and the settings of its documents. The one home of
these rules."""

from __future__ import annotations

from collections.abc import Iterable

from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.models import Organisation, OrganisationType
from samverkan_cli.records.models.reference import DocumentSettings


def organisation(dataset: Dataset, organisation_id: str) -> Organisation | None:
    found = dataset.by_id(Organisation).get(organisation_id)
    return found.model if found else None


def document_settings(dataset: Dataset, organisation_id: str) -> DocumentSettings:
    """The `document:` settings of the organisation, else of the nearest one it is part of
    (a company takes its city's), else the defaults."""
    for org in chain(dataset, organisation_id):
        if org.document is not None:
            return org.document
    return DocumentSettings()


def chain(dataset: Dataset, organisation_id: str) -> list[Organisation]:
    """The organisation and those it is part of, innermost first (a loop is cut)."""
    found: list[Organisation] = []
    seen: set[str] = set()
    current = organisation(dataset, organisation_id)
    while current is not None and current.id not in seen:
        found.append(current)
        seen.add(current.id)
        current = organisation(dataset, current.part_of) if current.part_of else None
    return found


def of_type(
    dataset: Dataset, organisation_ids: Iterable[str], kind: OrganisationType
) -> list[Organisation]:
    """The organisations of one type among these ids, in their order."""
    found = (organisation(dataset, org_id) for org_id in organisation_ids)
    return [org for org in found if org is not None and org.type is kind]


def polisregion_of(dataset: Dataset, organisation_id: str) -> str | None:
    """The id of the polisregion an organisation is (or is part of)."""
    for org in chain(dataset, organisation_id):
        if org.type is OrganisationType.POLISREGION:
            return org.id
    return None


def polisregion_of_kommun(dataset: Dataset, kommun: str) -> str | None:
    """The polisregion of the lokalpolisområden that cover a kommun (the first one)."""
    for record in dataset.of(Organisation):
        covering = record.model
        if kommun in covering.municipalities:
            found = polisregion_of(dataset, covering.id)
            if found is not None:
                return found
    return None


def kommuner_of(dataset: Dataset, organisation_ids: Iterable[str]) -> list[str]:
    """The ids of the kommuner these organisations stand for: a kommun itself, a förvaltning
    or bolag its kommun, a lokalpolisområde or polisområde the kommuner it covers (only where
    no kommun is among the organisations themselves)."""
    ids = list(organisation_ids)
    direct: list[str] = []
    covered: list[str] = []
    for org_id in ids:
        for org in chain(dataset, org_id):
            if org.type is OrganisationType.KOMMUN:
                direct.append(org.id)
                break
            if org.municipalities:
                covered += org.municipalities
                break
    return list(dict.fromkeys(direct or covered))


def name(dataset: Dataset, organisation_id: str) -> str:
    """The organisation's name, else its id."""
    return dataset.name_of(Organisation, organisation_id)
