"""Which records a status or report is narrowed to: one kommun, lokalpolisområde, polisregion
or span of years. The one home of the rule of what belongs to a kommun or a year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from samverkan_cli.diagnostics import did_you_mean
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.models import (
    Agreement,
    Area,
    Organisation,
    OrganisationType,
    Promise,
)
from samverkan_cli.records.organisations import (
    chain,
    kommuner_of,
    polisregion_of,
    polisregion_of_kommun,
)
from samverkan_cli.records.revisions import adopted_on, first_event, revisions_of


@dataclass(frozen=True)
class Scope:
    kommun: str | None = None
    lokalpolisomrade: str | None = None
    region: str | None = None
    """A polisregion."""
    years: tuple[int, int] | None = None
    """The first and last year, both included."""

    @property
    def everything(self) -> bool:
        return self == EVERYTHING

    def text(self, dataset: Dataset) -> str:
        """ "Botkyrka kommun, 2024–2025": the scope in words, for a document's head."""
        names = [
            dataset.name_of(Organisation, value)
            for value in (self.kommun, self.lokalpolisomrade, self.region)
            if value is not None
        ]
        if self.years is not None:
            first, last = self.years
            names.append(str(first) if first == last else f"{first}–{last}")
        return ", ".join(names)

    def unknown(self, dataset: Dataset) -> list[str]:
        """What is wrong with the organisations asked for, in Swedish (empty when nothing)."""
        organisations = dataset.by_id(Organisation)
        wanted = (
            ("--kommun", self.kommun, OrganisationType.KOMMUN),
            ("--lokalpolisomrade", self.lokalpolisomrade, OrganisationType.LOKALPOLISOMRADE),
            ("--region", self.region, OrganisationType.POLISREGION),
        )
        problems = []
        for option, value, kind in wanted:
            if value is None:
                continue
            found = organisations.get(value)
            known = sorted(o for o, r in organisations.items() if r.model.type is kind)
            if found is None:
                problems.append(f"{option}: '{value}' finns inte{did_you_mean(value, known)}")
            elif found.model.type is not kind:
                problems.append(
                    f"{option}: '{value}' är en {found.model.type.value}, inte en {kind.value}"
                )
        return problems

    def admits(self, dataset: Dataset, record: Record[Any]) -> bool:
        """Does the record belong to the scope? Records of other kinds always do."""
        if self.everything:
            return True
        model = record.model
        if isinstance(model, Promise):
            return self._promise(dataset, model)
        if isinstance(model, Agreement):
            return self._agreement(dataset, model)
        if isinstance(model, Area):
            return self._area(dataset, model)
        return True

    def _places(
        self, dataset: Dataset, kommuner: list[str], police: list[str], regions: list[str]
    ) -> bool:
        return (
            (self.kommun is None or self.kommun in kommuner)
            and (self.lokalpolisomrade is None or self.lokalpolisomrade in police)
            and (self.region is None or self.region in regions)
        )

    def _promise(self, dataset: Dataset, promise: Promise) -> bool:
        police = [org.id for issuer in promise.issuers for org in chain(dataset, issuer)]
        kommuner = kommuner_of(dataset, promise.issuers)
        regions = [region for org_id in police if (region := polisregion_of(dataset, org_id))]
        regions += [r for kommun in kommuner if (r := polisregion_of_kommun(dataset, kommun))]
        if not self._places(dataset, kommuner, police, regions):
            return False
        if self.years is None:
            return True
        covered = promise.covers()
        first, last = covered.start.start().year, covered.end.end().year
        return first <= self.years[1] and self.years[0] <= last

    def _agreement(self, dataset: Dataset, agreement: Agreement) -> bool:
        parties = [party.organisation for party in agreement.parties]
        police = [org.id for party in parties for org in chain(dataset, party)]
        kommuner = kommuner_of(dataset, parties)
        regions = [region for org_id in police if (region := polisregion_of(dataset, org_id))]
        if not self._places(dataset, kommuner, police, regions):
            return False
        if self.years is None:
            return True
        first = datetime.date(self.years[0], 1, 1)
        last = datetime.date(self.years[1], 12, 31)
        for revision in revisions_of(dataset, agreement.id):
            start = adopted_on(revision) or first_event(revision)
            end = revision.valid_until or revision.superseded
            if start.start() <= last and (end is None or end.end() >= first):
                return True
        return False

    def _area(self, dataset: Dataset, area: Area) -> bool:
        police = [area.police_area] if area.police_area else []
        return self._places(dataset, [area.municipality], police, [area.region])


EVERYTHING = Scope()


def parse_years(text: str) -> tuple[int, int]:
    """`2024` or `2024-2025` (an en dash too); raises ValueError for anything else."""
    first, _, last = text.replace("–", "-").partition("-")
    start, end = int(first), int(last or first)
    if not (1900 <= start <= end <= 2200):
        raise ValueError(text)
    return start, end
