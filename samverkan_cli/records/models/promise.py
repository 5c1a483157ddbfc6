"""Medborgarlöfte: `promises/<mapp>/<id>.yaml`."""

from __future__ import annotations

from functools import cached_property

from pydantic import Field, model_validator

from samverkan_cli.records.dates import PartialDate, year_of
from samverkan_cli.records.models.base import (
    MOST,
    Access,
    AccessField,
    Id,
    Model,
    Person,
    RecordModel,
    Source,
    Text,
    Title,
)
from samverkan_cli.records.models.targets import Period, Target


class Commitment(Model):
    id: Id = Field(description="Åtagandets id, unikt i löftet.", examples=["ungdomar"])
    title: Title = Field(title="Rubrik", description="T.ex. 'Ungdomar'.", examples=["Ungdomar"])
    description: Text | None = Field(
        None,
        title="Beskrivning",
        description="Med egna ord.",
        examples=["Fler vuxna på platser där unga samlas."],
    )
    responsible: Id | None = Field(
        None,
        title="Ansvarig",
        description="Id för organisationen som äger åtagandet (kommunen eller polisen).",
        examples=["lpo-norrmalm"],
    )
    targets: list[Target] = Field(
        default_factory=list,
        title="Mätbara mål",
        description="Utelämnas där åtagandet inte har något mätbart mål.",
    )


class Activity(Model):
    date: PartialDate = Field(
        title="Datum", description="När det gjordes.", examples=["2022-03-14"]
    )
    target: Id = Field(
        title="Mål", description="Id för ett mål i detta löfte.", examples=["trygghetsvandringar"]
    )
    description: Text = Field(
        title="Vad som gjordes",
        description="Med egna ord.",
        examples=["Trygghetsvandring med boende och fastighetsägare"],
    )
    count: int = Field(
        1, ge=1, le=MOST, title="Antal", description="Hur många gånger det räknas.", examples=[1]
    )
    place: Text | None = Field(
        None, title="Plats", description="Var det gjordes.", examples=["Sergels torg"]
    )
    by: Id | None = Field(
        None,
        title="Utförd av",
        description="Id för organisationen som gjorde det.",
        examples=["lpo-norrmalm"],
    )
    access: AccessField = Access.PUBLIC


class Dialogue(Model):
    """En medborgardialog som löftet bygger på; den hålls ofta året innan."""

    date: PartialDate = Field(
        title="Datum", description="När dialogen hölls.", examples=["2021-10"]
    )
    title: Title | None = Field(
        None, title="Rubrik", description="T.ex. 'Trygghetsenkät'.", examples=["Trygghetsenkät"]
    )
    participants: int | None = Field(
        None,
        ge=0,
        le=MOST,
        title="Deltagare",
        description="Hur många som deltog.",
        examples=[900],
    )
    approximate: bool = Field(
        False, title="Ungefärligt", description="'cirka' i källan.", examples=[True]
    )
    by: Id | None = Field(
        None, title="Genomförd av", description="Id för organisationen.", examples=["stockholm"]
    )


class Promise(RecordModel):
    """Medborgarlöfte från en eller flera organisationer, för ett år eller en period."""

    id: Id = Field(
        description="Eget id, vanligen '<kommun>-<år>', t.ex. `norrmalm-2022`.",
        examples=["norrmalm-2022"],
    )
    issuers: list[Id] = Field(
        min_length=1,
        title="Utfärdat av",
        description="Organisationerna som ger löftet: lokalpolisområdet och kommunen eller"
        " kommunerna, en kommun ensam, eller en förvaltning med polisen.",
        examples=[["lpo-norrmalm", "stockholm"]],
    )
    year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        title="År",
        description="Året löftet gäller; i stället för `period`.",
        examples=[2022],
    )
    period: Period | None = Field(
        None, title="Period", description="I stället för `year`: löftets första och sista dag."
    )
    extends: Id | None = Field(
        None,
        title="Förlänger",
        description="Id för ett tidigare löfte vars åtaganden detta löfte för vidare oförändrade.",
        examples=["norrmalm-2022"],
    )
    title: Title = Field(
        title="Rubrik",
        description="Löftets rubrik.",
        examples=["Medborgarlöfte 2022 för lokalpolisområde Norrmalm"],
    )
    summary: Text | None = Field(
        None,
        title="Situationen idag",
        description="Med egna ord.",
        examples=["Området omfattar Stockholms centrala delar."],
    )
    signed_by: list[Person] = Field(
        default_factory=list, title="Undertecknat av", description="Vilka som skrev under."
    )
    dialogues: list[Dialogue] = Field(
        default_factory=list,
        title="Medborgardialoger",
        description="Dialogerna med invånarna som löftet bygger på.",
    )
    commitments: list[Commitment] = Field(
        default_factory=list,
        title="Åtaganden",
        description="Utelämnas i ett löfte som förlänger ett annat (`extends`).",
    )
    activities: list[Activity] = Field(
        default_factory=list,
        title="Aktivitetslogg",
        description="Vad som gjorts, räknat mot löftets mål: så följs löftet upp.",
    )
    sources: list[Source] = Field(
        default_factory=list, title="Källor", description="Var uppgifterna kommer ifrån."
    )

    @model_validator(mode="after")
    def _shape(self) -> Promise:
        if (self.year is None) == (self.period is None):
            raise ValueError("ange antingen year eller period")
        if self.extends is None and not self.commitments:
            raise ValueError("ett löfte har åtaganden, eller förlänger ett annat (extends)")
        if self.extends is not None and self.commitments:
            raise ValueError("ett löfte som förlänger ett annat (extends) ärver dess åtaganden")
        return self

    def covers(self) -> Period:
        """The days the promise covers."""
        return self._covered

    @cached_property
    def _covered(self) -> Period:
        if self.period is not None:
            return self.period
        assert self.year is not None
        year = year_of(self.year)
        return Period.model_construct(start=year, end=year)  # a year is a valid period
