"""Targets: what a goal or a commitment is measured against, one model per kind."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models.base import LARGEST, MOST, Id, Model, Text, Title


class AreaLevel(StrEnum):
    """The police's classification of an area in the national list."""

    UTSATT = "utsatt område"
    RISK = "riskområde"
    SARSKILT_UTSATT = "särskilt utsatt område"


class Direction(StrEnum):
    LOWER_IS_BETTER = "lower_is_better"
    HIGHER_IS_BETTER = "higher_is_better"


class Period(Model):
    start: PartialDate = Field(
        title="Från", description="Periodens första dag (eller månad, år).", examples=["2024-01-01"]
    )
    end: PartialDate = Field(
        title="Till", description="Periodens sista dag (eller månad, år).", examples=["2025-12-31"]
    )

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end.end() < self.start.start():
            raise ValueError("perioden slutar innan den börjar")
        return self


class TargetBase(Model):
    id: Id = Field(description="Målets id, unikt i posten.", examples=["trygghetsvandringar"])
    title: Title | None = Field(
        None,
        title="Rubrik",
        description="Målet med egna ord.",
        examples=["Minst åtta trygghetsvandringar under året"],
    )
    note: Text | None = Field(
        None,
        title="Anmärkning",
        description="Tolkning eller förbehåll.",
        examples=["Räknas per kvarter."],
    )


class CountTarget(TargetBase):
    """At least `minimum` activities of a kind in a period."""

    kind: Literal["count"] = Field(
        title="Typ", description="`count`: antalsmål: minst ett antal aktiviteter under en period."
    )
    minimum: int = Field(
        ge=1, le=MOST, title="Minst", description="Minsta antal aktiviteter.", examples=[8]
    )
    unit: Text = Field(
        title="Enhet",
        description="Vad som räknas, i plural: 'trygghetsvandringar'.",
        examples=["trygghetsvandringar"],
    )
    unit_singular: Text | None = Field(
        None,
        title="Enhet i singular",
        description=(
            "Vad som räknas, i singular: 'trygghetsvandring'. Används där talet är 1 ('minst 1"
            " trygghetsvandring'); utelämnas den skrivs enheten först där talet är 1 ('antal"
            " trygghetsvandringar: minst 1'), så att singular och plural aldrig blandas."
        ),
        examples=["trygghetsvandring"],
    )
    period: Period | None = Field(
        None,
        title="Period",
        description="Perioden som räknas; för ett medborgarlöfte löftets år om inget anges.",
    )

    def quantity(self, words: str, number: int) -> str:
        """`words` (our own, ending in `number`: 'Minst 8', '1 av 8') with the unit in the
        form the number takes: 'Minst 8 trygghetsvandringar', 'Minst 1 trygghetsvandring'.
        Where the number is 1 and no singular is given, the unit comes first: 'Antal
        trygghetsvandringar: minst 1'. The unit is the user's text and is never re-cased."""
        if number != 1:
            return f"{words} {self.unit}"
        if self.unit_singular:
            return f"{words} {self.unit_singular}"
        # Words that begin with a capital or a digit begin a sentence or a title.
        lead = "Antal" if words[:1].isupper() or words[:1].isdigit() else "antal"
        return f"{lead} {self.unit}: {words[:1].lower()}{words[1:]}"


class Completion(Model):
    date: PartialDate = Field(title="Datum", description="När det gjordes.", examples=["2022-10"])
    evidence: Text = Field(
        title="Underlag",
        description="Vad som visar att det är gjort.",
        examples=["Ny rutin beslutad av styrgruppen"],
    )


class MilestoneTarget(TargetBase):
    """Something done once, before a deadline."""

    kind: Literal["milestone"] = Field(
        title="Typ", description="`milestone`: delmål: något som ska vara gjort senast ett datum."
    )
    deadline: PartialDate | None = Field(
        None,
        title="Senast",
        description="För ett medborgarlöfte löftets år om inget anges.",
        examples=["2022-12-31"],
    )
    done: Completion | None = Field(
        None, title="Genomfört", description="När och hur det gjordes; utelämnas tills dess."
    )


class Baseline(Model):
    date: PartialDate = Field(
        title="Datum", description="När utgångsvärdet mättes.", examples=["2018"]
    )
    value: float = Field(
        ge=-LARGEST, le=LARGEST, title="Värde", description="Värdet vid starten.", examples=[24]
    )


class IndicatorTarget(TargetBase):
    """A measured value to move from a baseline to a target value by a deadline."""

    kind: Literal["indicator"] = Field(
        title="Typ",
        description="`indicator`: indikatormål: ett mätvärde från ett utgångsvärde mot ett mål.",
    )
    measure: Text = Field(
        title="Mått",
        description="Vad som mäts, t.ex. 'andel otrygga'.",
        examples=["Otrygghet bland stockholmarna"],
    )
    unit: Text | None = Field(
        None, title="Enhet", description="T.ex. 'procent'.", examples=["procent"]
    )
    direction: Direction = Field(
        title="Riktning",
        description="`lower_is_better` (lägre är bättre) eller `higher_is_better`.",
    )
    baseline: Baseline | None = Field(
        None, title="Utgångsvärde", description="Saknas det kan status inte beräknas."
    )
    target_value: float | None = Field(
        None,
        ge=-LARGEST,
        le=LARGEST,
        title="Målvärde",
        description="Utelämnas med relative_change för ett mål med bara en riktning ('ska öka').",
        examples=[12],
    )
    relative_change: float | None = Field(
        None,
        ge=-1,
        le=1000,
        title="Relativ förändring",
        description="Förändring mot utgångsvärdet som andel: halveras = -0.5.",
        examples=[-0.5],
    )
    deadline: PartialDate = Field(
        title="Senast", description="När målvärdet ska vara nått.", examples=["2025"]
    )

    @model_validator(mode="after")
    def _one_target(self) -> IndicatorTarget:
        if self.target_value is not None and self.relative_change is not None:
            raise ValueError("ange antingen target_value eller relative_change, inte båda")
        if self.baseline is not None and self.deadline.end() <= self.baseline.date.start():
            raise ValueError("målets deadline måste ligga efter utgångsvärdets datum")
        return self


class AreasTarget(TargetBase):
    """At most `maximum` areas at a level on the police's latest list."""

    kind: Literal["areas"] = Field(
        title="Typ", description="`areas`: områdesmål: högst ett antal områden på polisens lista."
    )
    level: AreaLevel = Field(
        title="Nivå",
        description="Områden med denna nivå räknas: utsatt område, riskområde eller särskilt"
        " utsatt område.",
    )
    municipality: Id | None = Field(
        None,
        title="Kommun",
        description="Räkna bara områden i denna kommun (id).",
        examples=["stockholm"],
    )
    region: Id | None = Field(
        None,
        title="Polisregion",
        description="Räkna bara områden i denna polisregion (id).",
        examples=["polisregion-stockholm"],
    )
    police_area: Id | None = Field(
        None,
        title="Lokalpolisområde",
        description="Räkna bara områden i detta lokalpolisområde (id).",
        examples=["lpo-rinkeby"],
    )
    maximum: int = Field(
        0, ge=0, le=MOST, title="Högst", description="Högsta tillåtna antal områden.", examples=[0]
    )
    deadline: PartialDate | None = Field(
        None, title="Senast", description="När målet ska vara nått.", examples=["2025"]
    )


class RevisionDueTarget(TargetBase):
    """The agreement is revised within its interval."""

    kind: Literal["revision_due"] = Field(
        title="Typ", description="`revision_due`: revideringsmål: överenskommelsen revideras i tid."
    )


Target = Annotated[
    CountTarget | MilestoneTarget | IndicatorTarget | AreasTarget | RevisionDueTarget,
    Field(discriminator="kind"),
]
