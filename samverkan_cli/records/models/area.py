"""Utsatta områden and the national assessments that classify them."""

from __future__ import annotations

from pydantic import Field, model_validator

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models.base import MOST, Id, Model, RecordModel, Source, Text
from samverkan_cli.records.models.targets import AreaLevel


class Classification(Model):
    assessment: Id = Field(title="Lägesbild", description="Id för den nationella lägesbilden.")
    level: AreaLevel | None = Field(None, title="Nivå")
    removed: bool = Field(
        False,
        title="Borttaget",
        description="Området finns inte längre på listan i denna lägesbild.",
    )

    @model_validator(mode="after")
    def _level_or_removed(self) -> Classification:
        if (self.level is None) != self.removed:
            raise ValueError("ange antingen level eller removed: true")
        return self


class Lineage(Model):
    """Where an area came from at an assessment: split from one area, or merged from several."""

    assessment: Id = Field(title="Lägesbild", description="Lägesbilden där området bildades.")
    split_from: Id | None = Field(None, title="Delat från", description="Id för området.")
    merged_from: list[Id] = Field(
        default_factory=list, title="Sammanslaget av", description="Id för områdena."
    )

    @model_validator(mode="after")
    def _one_origin(self) -> Lineage:
        if (self.split_from is None) == (not self.merged_from):
            raise ValueError("ange antingen split_from eller merged_from")
        return self


class Area(RecordModel):
    """Ett område på polisens lista: `areas/<id>.yaml`."""

    id: Id
    name: Text = Field(title="Namn", description="T.ex. 'Rinkeby/Tensta'.")
    municipality: Id = Field(title="Kommun", description="Id för kommunen.")
    police_area: Id | None = Field(
        None, title="Lokalpolisområde", description="Id för lokalpolisområdet, där det är känt."
    )
    region: Id = Field(title="Polisregion", description="Id för polisregionen.")
    lineage: Lineage | None = Field(None, title="Ursprung")
    classifications: list[Classification] = Field(min_length=1, title="Klassningar")


class LevelCount(Model):
    level: AreaLevel = Field(title="Nivå")
    count: int = Field(ge=0, le=MOST, title="Antal")


class RegionCount(Model):
    region: Id = Field(title="Polisregion")
    total: int | None = Field(None, ge=0, le=MOST, title="Totalt antal områden")
    levels: list[LevelCount] = Field(default_factory=list, title="Antal per nivå")


class NationalCount(Model):
    total: int | None = Field(None, ge=0, le=MOST, title="Totalt antal områden")
    levels: list[LevelCount] = Field(default_factory=list, title="Antal per nivå")


class Assessment(RecordModel):
    """Polisens nationella lägesbild över utsatta områden: `assessments/<id>.yaml`."""

    id: Id = Field(description="Vanligen året: '2019'.")
    title: Text = Field(title="Rubrik")
    date: PartialDate = Field(title="Publicerad")
    publisher: Text = Field(title="Utgivare")
    national: NationalCount | None = Field(
        None, title="Hela landet", description="De publicerade antalen för hela landet."
    )
    regions: list[RegionCount] = Field(
        default_factory=list, title="Regioner", description="De publicerade antalen per region."
    )
    source: Source | None = Field(None, title="Källa")
