"""Reference data that other records point at."""

from __future__ import annotations

from pydantic import Field

from samverkan_cli.records.models.base import Id, RecordModel, Text


class Region(RecordModel):
    """Polisregion: `reference/regions/<id>.yaml`."""

    id: Id
    name: Text = Field(title="Namn", description="T.ex. 'Polisregion Stockholm'.")


class PoliceArea(RecordModel):
    """Lokalpolisområde: `reference/police-areas/<id>.yaml`."""

    id: Id
    name: Text = Field(title="Namn", description="T.ex. 'Lokalpolisområde Norrmalm'.")
    region: Id = Field(title="Polisregion")
    municipalities: list[Id] = Field(default_factory=list, title="Kommuner")


class Municipality(RecordModel):
    """Kommun: `reference/municipalities/<id>.yaml`."""

    id: Id
    name: Text = Field(title="Namn", description="T.ex. 'Stockholms stad'.")
