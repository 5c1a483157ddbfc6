"""Shared building blocks of every record model."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from samverkan_cli.records.dates import PartialDate

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
    Field(
        title="Id",
        description="Id: gemener a–z, siffror och bindestreck, t.ex. `norrmalm-2022`.",
        examples=["norrmalm-2022"],
    ),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    """Base of all models: unknown keys are errors and values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, allow_inf_nan=False)


class Access(StrEnum):
    """Who may read it: public documents leave `intern` content out."""

    PUBLIC = "offentlig"
    INTERNAL = "intern"


AccessField = Annotated[
    Access,
    Field(
        title="Åtkomst",
        description="offentlig (standard) eller intern: interna uppgifter lämnas utanför"
        " rapporter och remissdokument om de inte tas med uttryckligen.",
    ),
]


class RecordModel(Model):
    """A record kept in a file of its own, named by an id unique within its kind."""

    id: Id
    access: AccessField = Access.PUBLIC


class Person(Model):
    name: Text = Field(title="Namn")
    title: Text | None = Field(None, title="Titel", description="Befattning, t.ex. 'Vice VD'.")
    organisation: Id | None = Field(
        None, title="Organisation", description="Id för organisationen personen företräder."
    )
    phone: Text | None = Field(
        None, title="Telefon", description="Arbetstelefon, t.ex. '08-50829739'."
    )


class Source(Model):
    title: Text = Field(title="Titel", description="Källans rubrik.")
    publisher: Text | None = Field(None, title="Utgivare")
    date: PartialDate | None = Field(None, title="Datum")
    url: Text | None = Field(None, title="Webbadress")
    document: Text | None = Field(
        None,
        title="Dokument",
        description="Filnamn eller diarienummer för källdokumentet.",
    )
