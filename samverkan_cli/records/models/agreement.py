"""Samverkansöverenskommelse, its revisions and the follow-up of it."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models.base import Id, Model, Person, RecordModel, Source, Text
from samverkan_cli.records.models.targets import Target

DiaryNumber = Annotated[
    str,
    StringConstraints(pattern=re.compile(r"^[A-ZÅÄÖ]{1,6} \d{4}/\d{1,6}$").pattern),
    Field(title="Diarienummer", description="T.ex. 'KS 2019/656'.", examples=["KS 2019/656"]),
]


class Party(Model):
    name: Text = Field(title="Namn", description="T.ex. 'Stockholms stad'.")
    municipality: Id | None = Field(None, title="Kommun", description="Om parten är en kommun.")
    region: Id | None = Field(None, title="Polisregion", description="Om parten är polisen.")


class Goal(Model):
    id: Id
    title: Text = Field(title="Mål", description="Målet som det står i överenskommelsen.")
    description: Text | None = Field(None, title="Beskrivning")
    targets: list[Target] = Field(min_length=1, title="Mätbara mål")


class Agreement(RecordModel):
    """Samverkansöverenskommelse: `agreements/<id>/agreement.yaml`."""

    id: Id
    title: Text = Field(title="Titel")
    parties: list[Party] = Field(min_length=2, title="Parter")
    revision_interval_years: int = Field(
        ge=1, le=20, title="Revideringsintervall (år)", description="Revideras vart n:e år."
    )
    summary: Text = Field(title="Sammanfattning", description="Med egna ord.")
    cooperation_forms: list[Text] = Field(
        default_factory=list,
        title="Befintlig samverkan",
        description="Former av samverkan som fanns före överenskommelsen.",
    )
    goals: list[Goal] = Field(default_factory=list, title="Mål")
    sources: list[Source] = Field(default_factory=list, title="Källor")


class RevisionState(StrEnum):
    DRAFT = "draft"
    REMISS = "remiss"
    ADOPTED = "adopted"
    SUPERSEDED = "superseded"


class PriorityArea(Model):
    id: Id
    title: Text = Field(title="Samverkansområde")
    description: Text | None = Field(None, title="Beskrivning")
    continues: list[Id] = Field(
        default_factory=list,
        title="Fortsätter",
        description="Id för områden i en tidigare revision som detta område för vidare.",
    )


class Revision(RecordModel):
    """En version av överenskommelsen: `agreements/<id>/revisions/<id>.yaml`."""

    id: Id = Field(description="Versionens id, vanligen året: '2019'.")
    agreement: Id = Field(title="Överenskommelse")
    state: RevisionState = Field(
        title="Läge", description="draft, remiss, adopted (gällande) eller superseded (ersatt)."
    )
    date: PartialDate = Field(
        title="Datum", description="Versionens datum: undertecknad, eller skickad på remiss."
    )
    diary_number: DiaryNumber | None = Field(None, title="Diarienummer")
    signed: PartialDate | None = Field(None, title="Undertecknad")
    signatories: list[Person] = Field(default_factory=list, title="Undertecknare")
    areas: list[PriorityArea] = Field(min_length=1, title="Prioriterade samverkansområden")
    goals: list[Goal] | None = Field(
        None,
        title="Mål",
        description="Revisionens egna mål, om de skiljer sig från överenskommelsens.",
    )
    summary: Text | None = Field(None, title="Sammanfattning")
    sources: list[Source] = Field(default_factory=list, title="Källor")


class Figure(Model):
    value: float = Field(title="Värde")
    unit: Text = Field(title="Enhet", description="T.ex. 'personer'.")
    approximate: bool = Field(False, title="Ungefärligt", description="'cirka' i källan.")


class Fact(Model):
    statement: Text = Field(title="Uppgift", description="Med egna ord.")
    figure: Figure | None = Field(None, title="Siffra")


class Measurement(Model):
    target: Id = Field(title="Mål", description="Id för ett indikatormål i överenskommelsen.")
    date: PartialDate = Field(title="Datum")
    value: float = Field(title="Värde")
    note: Text | None = Field(None, title="Anmärkning")


class FollowUp(RecordModel):
    """Uppföljning: `agreements/<id>/followups/<id>.yaml`."""

    id: Id
    agreement: Id = Field(title="Överenskommelse")
    title: Text = Field(title="Rubrik")
    date: PartialDate | None = Field(
        None, title="Datum", description="Saknas om källan är odaterad."
    )
    source: Source = Field(title="Källa")
    facts: list[Fact] = Field(default_factory=list, title="Uppgifter")
    measurements: list[Measurement] = Field(default_factory=list, title="Mätningar")


class Stance(StrEnum):
    TILLSTYRKER = "tillstyrker"
    INGA_INVANDNINGAR = "inga invändningar"
    SYNPUNKTER = "synpunkter"
    AVSTYRKER = "avstyrker"


class SubReferral(Model):
    id: Id
    organisation: Text = Field(title="Organisation", description="T.ex. 'AB Svenska Bostäder'.")
    short_name: Text | None = Field(None, title="Kortnamn", description="T.ex. 'SISAB'.")
    stance: Stance = Field(title="Ställningstagande")
    summary: Text = Field(title="Svaret i huvudsak", description="Med egna ord.")
    answered: PartialDate | None = Field(None, title="Svarsdatum")
    deadline: PartialDate | None = Field(None, title="Svara senast")
    attachment: Text = Field(title="Bilaga", description="Bilagans rubrik; numreras i ordning.")


class Attestation(Model):
    name: Text = Field(title="Namn")
    title: Text | None = Field(None, title="Titel")
    date: PartialDate = Field(title="Datum")


class Respondent(Model):
    organisation: Text = Field(title="Organisation", description="T.ex. 'Stockholms Stadshus AB'.")
    body: Text | None = Field(None, title="Organ", description="T.ex. 'Koncernledningen'.")


class Remiss(RecordModel):
    """Remiss av en revision och svaret på den: `agreements/<id>/remisses/<id>.yaml`."""

    id: Id
    agreement: Id = Field(title="Överenskommelse")
    revision: Id = Field(title="Revision")
    diary_number: DiaryNumber
    title: Text = Field(title="Ärende", description="Det som remitteras.")
    sent_by: Text = Field(title="Remitterad av", description="T.ex. 'Kommunstyrelsen'.")
    sent: PartialDate | None = Field(None, title="Remitterad")
    deadline: PartialDate | None = Field(None, title="Svara senast")
    respondent: Respondent = Field(title="Remissinstans")
    handler: Person = Field(title="Handläggare")
    recipient: Text = Field(title="Till")
    summary: Text = Field(title="Sammanfattning", description="Med egna ord.")
    case: Text = Field(title="Ärendet", description="Med egna ord.")
    sub_referrals: list[SubReferral] = Field(default_factory=list, title="Underremisser")
    views: list[Text] = Field(
        default_factory=list, title="Synpunkter och förslag", description="Ett stycke per post."
    )
    signed_by: Person | None = Field(None, title="Undertecknad av")
    answered: PartialDate | None = Field(None, title="Besvarad")
    attested: list[Attestation] = Field(default_factory=list, title="Attesterad av")
