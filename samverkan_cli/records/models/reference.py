"""Organisations: the reference data that parties, issuers, performers and areas point at."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from samverkan_cli.records.dates import DateStyle
from samverkan_cli.records.models.base import Id, Model, RecordModel, Text, Title


class OrganisationType(StrEnum):
    KOMMUN = "kommun"
    POLISREGION = "polisregion"
    POLISOMRADE = "polisområde"
    LOKALPOLISOMRADE = "lokalpolisområde"
    REGION = "region"
    FORVALTNING = "förvaltning"
    NAMND = "nämnd"
    KOMMUNALT_BOLAG = "kommunalt bolag"
    MYNDIGHET = "myndighet"
    FORENING = "förening"
    ANNAN = "annan"


POLICE = frozenset(
    {OrganisationType.POLISREGION, OrganisationType.POLISOMRADE, OrganisationType.LOKALPOLISOMRADE}
)
"""The police's own organisations."""


class DocumentDates(Model):
    """How dates are written in each place of the organisation's documents."""

    text: DateStyle = Field(
        DateStyle.LONG,
        title="Datum i löptext",
        description="lång ('26 oktober 2023', standard) eller iso ('2023-10-26'): i texten"
        " och i sidhuvudet.",
    )
    attest: DateStyle = Field(
        DateStyle.ISO,
        title="Datum i attesttabellen",
        description="iso ('2023-10-26', standard) eller lång ('26 oktober 2023').",
    )


class DocumentSettings(Model):
    """How the organisation's documents look (docs/templates.md, Dokumentinställningar)."""

    font: Text | None = Field(
        None,
        title="Typsnitt",
        description="Typsnittsfamiljen i organisationens dokument, t.ex. 'Arial'. Filerna ges"
        " med --font-path KATALOG; utan typsnitt används Libertinus Serif.",
        examples=["Arial"],
    )
    stance_line: bool = Field(
        False,
        title="Rad med ställningstagande",
        description="Skriv 'Ställningstagande: …' under varje underremiss i remissvaret"
        " (standard: nej, som i stadens dokument).",
    )
    dates: DocumentDates = Field(
        default_factory=DocumentDates,
        title="Datum",
        description="Hur datum skrivs på varje ställe.",
    )


class Organisation(RecordModel):
    """En organisation: `organisations/<id>.yaml`. Kommuner, polisens regioner, polisområden
    och lokalpolisområden, regioner (län), förvaltningar och nämnder, kommunala bolag, andra
    myndigheter och föreningar."""

    id: Id = Field(
        description="Unikt bland alla organisationer, t.ex. `stockholm` (kommunen),"
        " `polisregion-stockholm`, `lpo-norrmalm`.",
        examples=["lpo-norrmalm"],
    )
    type: OrganisationType = Field(
        title="Typ",
        description="kommun, polisregion, polisområde, lokalpolisområde, region (län),"
        " förvaltning, nämnd, kommunalt bolag, myndighet, förening eller annan.",
    )
    name: Title = Field(
        title="Namn",
        description="T.ex. 'Lokalpolisområde Norrmalm'.",
        examples=["Lokalpolisområde Norrmalm"],
    )
    short_name: Title | None = Field(
        None, title="Kortnamn", description="T.ex. 'SISAB'.", examples=["SISAB"]
    )
    kommunkod: str | None = Field(
        None,
        pattern=r"^\d{4}$",
        title="Kommunkod",
        description="SCB:s fyrsiffriga kod, bara för en kommun, t.ex. '0180'.",
        examples=["0180"],
    )
    part_of: Id | None = Field(
        None,
        title="Del av",
        description="Organisationen den hör till: lokalpolisområdets polisområde eller"
        " polisregion, förvaltningens eller bolagets kommun.",
        examples=["polisregion-stockholm"],
    )
    municipalities: list[Id] = Field(
        default_factory=list,
        title="Kommuner",
        description="Kommunerna ett lokalpolisområde eller polisområde täcker.",
        examples=[["stockholm", "lidingo"]],
    )
    document: DocumentSettings | None = Field(
        None,
        title="Dokumentinställningar",
        description="Typsnitt, datumformat och rader i organisationens dokument (remissvaret)."
        " Gäller också för de organisationer som är del av den och saknar egna.",
    )

    @model_validator(mode="after")
    def _kommunkod_for_a_kommun(self) -> Organisation:
        if self.kommunkod is not None and self.type is not OrganisationType.KOMMUN:
            raise ValueError("bara en kommun har kommunkod")
        return self
