"""Medborgarlöfte: `promises/<lokalpolisområde>/<year>.yaml`."""

from __future__ import annotations

from pydantic import Field

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models.base import (
    Access,
    AccessField,
    Id,
    Model,
    Person,
    RecordModel,
    Source,
    Text,
)
from samverkan_cli.records.models.targets import Target


class Commitment(Model):
    id: Id
    title: Text = Field(title="Rubrik", description="T.ex. 'Ungdomar'.")
    description: Text | None = Field(None, title="Beskrivning", description="Med egna ord.")
    targets: list[Target] = Field(min_length=1, title="Mätbara mål")


class Activity(Model):
    date: PartialDate = Field(title="Datum")
    target: Id = Field(title="Mål", description="Id för ett mål i detta löfte.")
    description: Text = Field(title="Vad som gjordes")
    count: int = Field(1, ge=1, title="Antal", description="Hur många gånger det räknas.")
    place: Text | None = Field(None, title="Plats")
    access: AccessField = Access.PUBLIC


class Promise(RecordModel):
    """Medborgarlöfte för ett lokalpolisområde ett år."""

    id: Id = Field(description="'<lokalpolisområde>-<år>', t.ex. 'norrmalm-2022'.")
    police_area: Id = Field(title="Lokalpolisområde")
    region: Id = Field(title="Polisregion")
    municipalities: list[Id] = Field(min_length=1, title="Kommuner")
    year: int = Field(ge=2000, le=2100, title="År")
    title: Text = Field(title="Rubrik")
    summary: Text | None = Field(None, title="Situationen idag", description="Med egna ord.")
    signed_by: list[Person] = Field(default_factory=list, title="Undertecknat av")
    commitments: list[Commitment] = Field(min_length=1, title="Åtaganden")
    activities: list[Activity] = Field(default_factory=list, title="Aktivitetslogg")
    sources: list[Source] = Field(default_factory=list, title="Källor")
