"""Utsatta områden and the national assessments that classify them."""

from __future__ import annotations

from pydantic import Field

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models.base import Id, Model, RecordModel, Source, Text
from samverkan_cli.records.models.targets import AreaLevel


class Classification(Model):
    assessment: Id = Field(title="Lägesbild", description="Id för den nationella lägesbilden.")
    level: AreaLevel = Field(title="Nivå")


class Area(RecordModel):
    """Ett område på polisens lista: `areas/<id>.yaml`."""

    id: Id
    name: Text = Field(title="Namn", description="T.ex. 'Rinkeby/Tensta'.")
    municipality: Id = Field(title="Kommun")
    police_area: Id = Field(title="Lokalpolisområde")
    region: Id = Field(title="Polisregion")
    classifications: list[Classification] = Field(min_length=1, title="Klassningar")


class LevelCount(Model):
    level: AreaLevel = Field(title="Nivå")
    count: int = Field(ge=0, title="Antal")


class RegionCount(Model):
    region: Id = Field(title="Polisregion")
    total: int = Field(ge=0, title="Totalt antal områden")
    levels: list[LevelCount] = Field(default_factory=list, title="Antal per nivå")


class Assessment(RecordModel):
    """Polisens nationella lägesbild över utsatta områden: `assessments/<id>.yaml`."""

    id: Id = Field(description="Vanligen året: '2019'.")
    title: Text = Field(title="Rubrik")
    date: PartialDate = Field(title="Publicerad")
    publisher: Text = Field(title="Utgivare")
    regions: list[RegionCount] = Field(default_factory=list, title="Regioner")
    source: Source | None = Field(None, title="Källa")
