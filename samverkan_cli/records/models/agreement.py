"""Samverkansöverenskommelse, its revisions and the follow-up of it."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models.base import (
    LARGEST,
    Id,
    Model,
    Person,
    RecordModel,
    Source,
    Text,
)
from samverkan_cli.records.models.targets import Target

DiaryNumber = Annotated[
    str,
    StringConstraints(pattern=re.compile(r"^[A-ZÅÄÖ]{1,6} \d{4}/\d{1,6}$").pattern),
    Field(title="Diarienummer", description="T.ex. 'KS 2019/656'.", examples=["KS 2019/656"]),
]


class Party(Model):
    organisation: Id = Field(
        title="Organisation", description="Id för en organisation, t.ex. `stockholm`."
    )
    name: Text | None = Field(
        None,
        title="Namn",
        description="Namnet som i överenskommelsen, om det skiljer sig från organisationens.",
    )


class Goal(Model):
    id: Id
    title: Text = Field(title="Mål", description="Målet som det står i överenskommelsen.")
    description: Text | None = Field(None, title="Beskrivning")
    targets: list[Target] = Field(default_factory=list, title="Mätbara mål")


class AgreementType(StrEnum):
    AGREEMENT = "överenskommelse"
    LETTER_OF_INTENT = "avsiktsförklaring"


class Agreement(RecordModel):
    """Samverkansöverenskommelse: `agreements/<id>/agreement.yaml`."""

    id: Id
    title: Text = Field(title="Titel")
    type: AgreementType = Field(
        AgreementType.AGREEMENT,
        title="Typ",
        description="överenskommelse (standard) eller avsiktsförklaring.",
    )
    parties: list[Party] = Field(min_length=2, title="Parter")
    follows: Id | None = Field(
        None,
        title="Följer på",
        description="Id för överenskommelsen (eller avsiktsförklaringen) som denna följer på.",
    )
    revision_interval_years: int | None = Field(
        None,
        ge=1,
        le=20,
        title="Revideringsintervall (år)",
        description="Revideras vart n:e år; utelämnas där källan inte anger något.",
    )
    summary: Text | None = Field(None, title="Sammanfattning", description="Med egna ord.")
    cooperation_forms: list[Text] = Field(
        default_factory=list,
        title="Befintlig samverkan",
        description="Former av samverkan som fanns före överenskommelsen.",
    )
    goals: list[Goal] = Field(default_factory=list, title="Mål")
    sources: list[Source] = Field(default_factory=list, title="Källor")


class RevisionState(StrEnum):
    """Where a revision stands on a date; follows from its dated events."""

    NOT_YET = "not_yet"
    DRAFT = "draft"
    REMISS = "remiss"
    ADOPTED = "adopted"
    EXPIRED = "expired"
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
    """En version av överenskommelsen: `agreements/<id>/revisions/<id>.yaml`. Dess läge en
    viss dag följer av dess daterade händelser."""

    id: Id = Field(description="Versionens id, vanligen året: '2019'.")
    agreement: Id = Field(title="Överenskommelse")
    drafted: PartialDate | None = Field(None, title="Utkast", description="När utkastet fanns.")
    remiss: PartialDate | None = Field(None, title="Remitterad", description="Skickad på remiss.")
    adopted: PartialDate | None = Field(
        None, title="Antagen", description="Beslutad av kommunfullmäktige eller kommunstyrelsen."
    )
    signed: PartialDate | None = Field(None, title="Undertecknad")
    in_force: PartialDate | None = Field(
        None,
        title="Gäller från",
        description="Första dagen den gäller; utelämnas den gäller den från antagandet.",
    )
    valid_until: PartialDate | None = Field(
        None, title="Gäller till", description="Sista dagen den gäller, för en tidsbestämd."
    )
    superseded: PartialDate | None = Field(
        None,
        title="Ersatt",
        description="När den ersattes, om inte en senare revision säger det.",
    )
    diary_number: DiaryNumber | None = Field(None, title="Diarienummer")
    signatories: list[Person] = Field(default_factory=list, title="Undertecknare")
    areas: list[PriorityArea] = Field(default_factory=list, title="Prioriterade samverkansområden")
    goals: list[Goal] | None = Field(
        None,
        title="Mål",
        description="Revisionens egna mål, om de skiljer sig från överenskommelsens.",
    )
    summary: Text | None = Field(None, title="Sammanfattning")
    sources: list[Source] = Field(default_factory=list, title="Källor")

    @model_validator(mode="after")
    def _some_event(self) -> Revision:
        if not any(
            (self.drafted, self.remiss, self.adopted, self.signed, self.in_force, self.valid_until)
        ):
            raise ValueError(
                "ange minst en händelse: drafted, remiss, adopted, signed, in_force eller"
                " valid_until"
            )
        return self


class Figure(Model):
    value: float = Field(ge=-LARGEST, le=LARGEST, title="Värde")
    unit: Text = Field(title="Enhet", description="T.ex. 'personer'.")
    approximate: bool = Field(False, title="Ungefärligt", description="'cirka' i källan.")


class Fact(Model):
    statement: Text = Field(title="Uppgift", description="Med egna ord.")
    figure: Figure | None = Field(None, title="Siffra")


class Measurement(Model):
    target: Id = Field(title="Mål", description="Id för ett indikatormål i överenskommelsen.")
    date: PartialDate = Field(title="Datum")
    value: float = Field(ge=-LARGEST, le=LARGEST, title="Värde")
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
    organisation: Id = Field(
        title="Organisation", description="Id för organisationen, t.ex. `svenska-bostader`."
    )
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
    organisation: Id = Field(
        title="Organisation", description="Id för organisationen, t.ex. `stockholms-stadshus`."
    )
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
