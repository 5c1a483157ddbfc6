"""Utsatta områden and the national assessments that classify them."""

from __future__ import annotations

from pydantic import Field, model_validator

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models.base import MOST, Id, Model, RecordModel, Source, Text, Title
from samverkan_cli.records.models.targets import AreaLevel


class Classification(Model):
    assessment: Id = Field(
        title="Lägesbild", description="Id för den nationella lägesbilden.", examples=["2019"]
    )
    level: AreaLevel | None = Field(
        None, title="Nivå", description="Områdets nivå i lägesbilden; eller removed: true."
    )
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

    assessment: Id = Field(
        title="Lägesbild", description="Lägesbilden där området bildades.", examples=["2019"]
    )
    split_from: Id | None = Field(
        None, title="Delat från", description="Id för området.", examples=["rinkeby-tensta"]
    )
    merged_from: list[Id] = Field(
        default_factory=list,
        title="Sammanslaget av",
        description="Id för områdena.",
        examples=[["alby", "fittja"]],
    )

    @model_validator(mode="after")
    def _one_origin(self) -> Lineage:
        if (self.split_from is None) == (not self.merged_from):
            raise ValueError("ange antingen split_from eller merged_from")
        return self


class Area(RecordModel):
    """Ett område på polisens lista: `areas/<id>.yaml`."""

    id: Id = Field(description="Områdets id, efter dess namn.", examples=["husby"])
    name: Title = Field(
        title="Namn", description="T.ex. 'Rinkeby/Tensta'.", examples=["Rinkeby/Tensta"]
    )
    municipality: Id = Field(title="Kommun", description="Id för kommunen.", examples=["stockholm"])
    police_area: Id | None = Field(
        None,
        title="Lokalpolisområde",
        description="Id för lokalpolisområdet, där det är känt.",
        examples=["lpo-rinkeby"],
    )
    region: Id = Field(
        title="Polisregion", description="Id för polisregionen.", examples=["polisregion-stockholm"]
    )
    lineage: Lineage | None = Field(
        None,
        title="Ursprung",
        description="Om området delades från eller slogs samman av andra områden.",
    )
    classifications: list[Classification] = Field(
        min_length=1,
        title="Klassningar",
        description="En post per nationell lägesbild: nivån, eller att området togs bort.",
    )


class LevelCount(Model):
    level: AreaLevel = Field(title="Nivå", description="Nivån som räknas.")
    count: int = Field(
        ge=0, le=MOST, title="Antal", description="Antal områden med nivån.", examples=[6]
    )


class RegionCount(Model):
    region: Id = Field(
        title="Polisregion", description="Id för polisregionen.", examples=["polisregion-stockholm"]
    )
    total: int | None = Field(
        None,
        ge=0,
        le=MOST,
        title="Totalt antal områden",
        description="Antal områden i regionen.",
        examples=[25],
    )
    levels: list[LevelCount] = Field(
        default_factory=list, title="Antal per nivå", description="Antal områden per nivå."
    )


class NationalCount(Model):
    total: int | None = Field(
        None,
        ge=0,
        le=MOST,
        title="Totalt antal områden",
        description="Antal områden i hela landet.",
        examples=[60],
    )
    levels: list[LevelCount] = Field(
        default_factory=list, title="Antal per nivå", description="Antal områden per nivå."
    )


class Assessment(RecordModel):
    """Polisens nationella lägesbild över utsatta områden: `assessments/<id>.yaml`."""

    id: Id = Field(description="Vanligen året: '2019'.", examples=["2019"])
    title: Title = Field(
        title="Rubrik",
        description="Lägesbildens rubrik.",
        examples=["Lägesbild om utvecklingen i utsatta områden"],
    )
    date: PartialDate = Field(
        title="Publicerad", description="När lägesbilden publicerades.", examples=["2019-06-03"]
    )
    publisher: Text = Field(
        title="Utgivare",
        description="Vem som gav ut lägesbilden.",
        examples=["Nationella operativa avdelningen (NOA)"],
    )
    national: NationalCount | None = Field(
        None, title="Hela landet", description="De publicerade antalen för hela landet."
    )
    regions: list[RegionCount] = Field(
        default_factory=list, title="Regioner", description="De publicerade antalen per region."
    )
    source: Source | None = Field(None, title="Källa", description="Var uppgifterna kommer ifrån.")
