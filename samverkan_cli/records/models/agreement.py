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
    Title,
)
from samverkan_cli.records.models.targets import Target

DiaryNumber = Annotated[
    str,
    StringConstraints(pattern=re.compile(r"^[A-ZÅÄÖ]{1,6} \d{4}/\d{1,6}$").pattern),
    Field(title="Diarienummer", description="T.ex. 'KS 2019/656'.", examples=["KS 2019/656"]),
]


class Party(Model):
    organisation: Id = Field(
        title="Organisation",
        description="Id för en organisation, t.ex. `stockholm`.",
        examples=["stockholm"],
    )
    name: Title | None = Field(
        None,
        title="Namn",
        description="Namnet som i överenskommelsen, om det skiljer sig från organisationens.",
        examples=["Stockholms stad"],
    )


class Goal(Model):
    id: Id = Field(
        description="Målets id, unikt i överenskommelsen.", examples=["otryggheten-halveras"]
    )
    title: Title = Field(
        title="Mål",
        description="Målet som det står i överenskommelsen.",
        examples=["Otryggheten ska halveras till 2025"],
    )
    description: Text | None = Field(
        None,
        title="Beskrivning",
        description="Med egna ord.",
        examples=["Mäts i stadens trygghetsundersökning."],
    )
    targets: list[Target] = Field(
        default_factory=list, title="Mätbara mål", description="Hur målet mäts."
    )


class AgreementType(StrEnum):
    AGREEMENT = "överenskommelse"
    LETTER_OF_INTENT = "avsiktsförklaring"


class Agreement(RecordModel):
    """Samverkansöverenskommelse: `agreements/<id>/agreement.yaml`."""

    id: Id = Field(description="Överenskommelsens id, t.ex. kommunens.", examples=["stockholm"])
    title: Title = Field(
        title="Titel",
        description="Överenskommelsens titel som i dokumentet.",
        examples=["Samverkansöverenskommelse mellan Stockholms stad och Polisregion Stockholm"],
    )
    type: AgreementType = Field(
        AgreementType.AGREEMENT,
        title="Typ",
        description="överenskommelse (standard) eller avsiktsförklaring.",
    )
    parties: list[Party] = Field(
        min_length=2, title="Parter", description="Minst två: kommunen och polisen."
    )
    follows: Id | None = Field(
        None,
        title="Följer på",
        description="Id för överenskommelsen (eller avsiktsförklaringen) som denna följer på.",
        examples=["stockholm"],
    )
    revision_interval_years: int | None = Field(
        None,
        ge=1,
        le=20,
        title="Revideringsintervall (år)",
        description="Revideras vart n:e år; utelämnas där källan inte anger något.",
        examples=[4],
    )
    summary: Text | None = Field(
        None,
        title="Sammanfattning",
        description="Med egna ord.",
        examples=["Staden och polisen fördjupar sin samverkan."],
    )
    cooperation_forms: list[Text] = Field(
        default_factory=list,
        title="Befintlig samverkan",
        description="Former av samverkan som fanns före överenskommelsen.",
    )
    goals: list[Goal] = Field(
        default_factory=list, title="Mål", description="Överenskommelsens mål."
    )
    sources: list[Source] = Field(
        default_factory=list, title="Källor", description="Var uppgifterna kommer ifrån."
    )


class RevisionState(StrEnum):
    """Where a revision stands on a date; follows from its dated events."""

    NOT_YET = "not_yet"
    DRAFT = "draft"
    REMISS = "remiss"
    ADOPTED = "adopted"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


class PriorityArea(Model):
    id: Id = Field(
        description="Områdets id, unikt i revisionen.", examples=["systemhotande-brottslighet"]
    )
    title: Title = Field(
        title="Samverkansområde",
        description="Områdets rubrik som i överenskommelsen.",
        examples=["Systemhotande brottslighet"],
    )
    description: Text | None = Field(
        None,
        title="Beskrivning",
        description="Med egna ord.",
        examples=["Arbetet mot otillåten påverkan och extremism."],
    )
    continues: list[Id] = Field(
        default_factory=list,
        title="Fortsätter",
        description="Id för områden i en tidigare revision som detta område för vidare.",
        examples=[["otillaten-paverkan", "valdsbejakande-extremism"]],
    )


class Revision(RecordModel):
    """En version av överenskommelsen: `agreements/<id>/revisions/<id>.yaml`. Dess läge en
    viss dag följer av dess daterade händelser."""

    id: Id = Field(description="Versionens id, vanligen året: '2019'.", examples=["2023"])
    agreement: Id = Field(
        title="Överenskommelse", description="Id för överenskommelsen.", examples=["stockholm"]
    )
    drafted: PartialDate | None = Field(
        None, title="Utkast", description="När utkastet fanns.", examples=["2023-03"]
    )
    remiss: PartialDate | None = Field(
        None, title="Remitterad", description="Skickad på remiss.", examples=["2023-09"]
    )
    adopted: PartialDate | None = Field(
        None,
        title="Antagen",
        description="Beslutad av kommunfullmäktige eller kommunstyrelsen.",
        examples=["2023-12-15"],
    )
    signed: PartialDate | None = Field(
        None,
        title="Undertecknad",
        description="När parterna skrev under; den gäller från det senare av antagen och"
        " undertecknad.",
        examples=["2019-06-03"],
    )
    in_force: PartialDate | None = Field(
        None,
        title="Gäller från",
        description="Första dagen den gäller; utelämnas den gäller den från antagandet.",
        examples=["2024-01-01"],
    )
    valid_until: PartialDate | None = Field(
        None,
        title="Gäller till",
        description="Sista dagen den gäller, för en tidsbestämd.",
        examples=["2026-12-31"],
    )
    superseded: PartialDate | None = Field(
        None,
        title="Ersatt",
        description="När den ersattes, om inte en senare revision säger det.",
        examples=["2023-12-15"],
    )
    diary_number: DiaryNumber | None = Field(None, title="Diarienummer")
    signatories: list[Person] = Field(
        default_factory=list, title="Undertecknare", description="Vilka som skrev under."
    )
    areas: list[PriorityArea] = Field(
        default_factory=list,
        title="Prioriterade samverkansområden",
        description="Revisionens prioriterade samverkansområden.",
    )
    goals: list[Goal] | None = Field(
        None,
        title="Mål",
        description="Revisionens egna mål, om de skiljer sig från överenskommelsens.",
    )
    summary: Text | None = Field(
        None,
        title="Sammanfattning",
        description="Vad revisionen ändrar, med egna ord.",
        examples=["Tio områden blir fem."],
    )
    sources: list[Source] = Field(
        default_factory=list, title="Källor", description="Var uppgifterna kommer ifrån."
    )

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
    value: float = Field(
        ge=-LARGEST, le=LARGEST, title="Värde", description="Talet i källan.", examples=[380]
    )
    unit: Text = Field(title="Enhet", description="T.ex. 'personer'.", examples=["personer"])
    approximate: bool = Field(
        False, title="Ungefärligt", description="'cirka' i källan.", examples=[True]
    )


class Fact(Model):
    statement: Text = Field(
        title="Uppgift",
        description="Med egna ord.",
        examples=["380 personer satt häktade, varav cirka 100 från gängmiljön."],
    )
    figure: Figure | None = Field(None, title="Siffra", description="Uppgiftens tal, med enhet.")


class Measurement(Model):
    target: Id = Field(
        title="Mål",
        description="Id för ett indikatormål i överenskommelsen.",
        examples=["otrygghet"],
    )
    date: PartialDate = Field(title="Datum", description="När det mättes.", examples=["2024"])
    value: float = Field(
        ge=-LARGEST, le=LARGEST, title="Värde", description="Det uppmätta värdet.", examples=[21]
    )
    note: Text | None = Field(
        None, title="Anmärkning", description="Tolkning eller förbehåll.", examples=["Årsvärde."]
    )


class FollowUp(RecordModel):
    """Uppföljning: `agreements/<id>/followups/<id>.yaml`."""

    id: Id = Field(description="Uppföljningens id.", examples=["gangvald-presstraff"])
    agreement: Id = Field(
        title="Överenskommelse", description="Id för överenskommelsen.", examples=["stockholm"]
    )
    title: Title = Field(
        title="Rubrik",
        description="Uppföljningens rubrik.",
        examples=["Intensifierat arbete mot det dödliga gängvåldet"],
    )
    date: PartialDate | None = Field(
        None, title="Datum", description="Saknas om källan är odaterad.", examples=["2019-11"]
    )
    source: Source = Field(title="Källa", description="Var uppgifterna kommer ifrån.")
    facts: list[Fact] = Field(
        default_factory=list, title="Uppgifter", description="Uppgifter ur källan."
    )
    measurements: list[Measurement] = Field(
        default_factory=list, title="Mätningar", description="Mätningar av indikatormål."
    )


class Stance(StrEnum):
    TILLSTYRKER = "tillstyrker"
    INGA_INVANDNINGAR = "inga invändningar"
    SYNPUNKTER = "synpunkter"
    AVSTYRKER = "avstyrker"


class SubReferral(Model):
    id: Id = Field(description="Underremissens id, unikt i remissen.", examples=["sisab"])
    organisation: Id = Field(
        title="Organisation",
        description="Id för organisationen, t.ex. `svenska-bostader`.",
        examples=["svenska-bostader"],
    )
    stance: Stance = Field(
        title="Ställningstagande",
        description="tillstyrker, inga invändningar, synpunkter eller avstyrker.",
    )
    summary: Text = Field(
        title="Svaret i huvudsak",
        description="Med egna ord.",
        examples=["SISAB tillstyrker med några synpunkter."],
    )
    answered: PartialDate | None = Field(
        None,
        title="Svarsdatum",
        description="När underremissen besvarades.",
        examples=["2023-10-12"],
    )
    deadline: PartialDate | None = Field(
        None, title="Svara senast", description="Sista svarsdag.", examples=["2023-10-13"]
    )
    attachment: Text = Field(
        title="Bilaga",
        description="Bilagans rubrik; numreras i ordning.",
        examples=["SISABs remissvar"],
    )


class Attestation(Model):
    name: Title = Field(
        title="Namn", description="Vem som attesterade.", examples=["Anette Scheibe Lorentzi"]
    )
    title: Title | None = Field(
        None, title="Titel", description="Befattning.", examples=["Vice VD"]
    )
    date: PartialDate = Field(
        title="Datum", description="När det attesterades.", examples=["2023-10-26"]
    )


class Respondent(Model):
    organisation: Id = Field(
        title="Organisation",
        description="Id för organisationen, t.ex. `stockholms-stadshus`.",
        examples=["stockholms-stadshus"],
    )
    body: Text | None = Field(
        None, title="Organ", description="T.ex. 'Koncernledningen'.", examples=["Koncernledningen"]
    )


class Remiss(RecordModel):
    """Remiss av en revision och svaret på den: `agreements/<id>/remisses/<id>.yaml`."""

    id: Id = Field(description="Remissens id, t.ex. efter diarienumret.", examples=["ks-2023-740"])
    agreement: Id = Field(
        title="Överenskommelse", description="Id för överenskommelsen.", examples=["stockholm"]
    )
    revision: Id = Field(
        title="Revision", description="Id för revisionen som remitteras.", examples=["2023"]
    )
    diary_number: DiaryNumber
    title: Title = Field(
        title="Ärende",
        description="Det som remitteras.",
        examples=[
            "Övergripande samverkansöverenskommelse mellan Stockholms stad och Polisregion"
            " Stockholm"
        ],
    )
    sent_by: Text = Field(
        title="Remitterad av", description="T.ex. 'Kommunstyrelsen'.", examples=["Kommunstyrelsen"]
    )
    sent: PartialDate | None = Field(
        None, title="Remitterad", description="När remissen skickades.", examples=["2023-09"]
    )
    deadline: PartialDate | None = Field(
        None, title="Svara senast", description="Remissens sista svarsdag.", examples=["2023-10-27"]
    )
    respondent: Respondent = Field(title="Remissinstans", description="Den som svarar.")
    handler: Person = Field(title="Handläggare", description="Den som handlägger svaret.")
    recipient: Text = Field(
        title="Till", description="Vem svaret ställs till.", examples=["Kommunstyrelsen"]
    )
    summary: Text = Field(
        title="Sammanfattning",
        description="Med egna ord.",
        examples=["Koncernen ställer sig bakom förslaget."],
    )
    case: Text = Field(
        title="Ärendet",
        description="Med egna ord.",
        examples=["Kommunstyrelsen har remitterat förslaget till koncernen."],
    )
    sub_referrals: list[SubReferral] = Field(
        default_factory=list,
        title="Underremisser",
        description="Remisser vidare till bolag och nämnder; bilagorna numreras i denna ordning.",
    )
    views: list[Text] = Field(
        default_factory=list, title="Synpunkter och förslag", description="Ett stycke per post."
    )
    signed_by: Person | None = Field(
        None, title="Undertecknad av", description="Vem som skriver under svaret."
    )
    answered: PartialDate | None = Field(
        None, title="Besvarad", description="När remissen besvarades.", examples=["2023-10-26"]
    )
    attested: list[Attestation] = Field(
        default_factory=list, title="Attesterad av", description="Vilka som godkände svaret."
    )
