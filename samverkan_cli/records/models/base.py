"""Shared building blocks of every record model."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.ids import ID_PATTERN

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(
        title="Id",
        description="Id: gemener a–z, siffror och bindestreck.",
    ),
]
# C0 controls but tab and line feed, DEL, C1 controls, and the bidi controls (which reorder
# what a reader sees: "Trojan Source"). Written raw or as a YAML escape, they are the same
# character once parsed, and this sees the parsed value.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


# A byte-order mark inside text, a noncharacter or a private-use character has no meaning a
# reader can see, and a PDF/A document may not hold one.
UNSHOWABLE_CHARACTERS = re.compile(
    "[\ufeff\ufdd0-\ufdef\ufffe\uffff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
MOST_MARKS = 30
"""Combining marks on one letter at most (Unicode's stream-safe limit): a longer run takes the
PDF's text shaping minutes, or makes it fail."""
_LONG_RUN = re.compile(f"[^\x00-\u02ff]{{{MOST_MARKS + 1},}}")
"""Where such a run could be: combining marks all lie above U+02FF."""


def _no_control_characters(text: str) -> str:
    found = CONTROL_CHARACTERS.search(text)
    if found is not None:
        character = found.group()
        name = unicodedata.name(character, "styrtecken")
        raise PydanticCustomError(
            "control_character",
            "tecknet U+{code} ({name}) vid tecken {place} i texten är ett styrtecken och"
            " tillåts inte i text; ta bort det",
            {"code": f"{ord(character):04X}", "name": name, "place": found.start() + 1},
        )
    if text.isascii():
        return text
    found = UNSHOWABLE_CHARACTERS.search(text)
    if found is not None:
        raise PydanticCustomError(
            "unshowable_character",
            "tecknet U+{code} vid tecken {place} i texten syns inte och kan inte stå i en PDF"
            " (ett BOM-tecken, ett icke-tecken eller ett tecken för privat bruk); ta bort det",
            {"code": f"{ord(found.group()):04X}", "place": found.start() + 1},
        )
    for run in _LONG_RUN.finditer(text):
        marks = 0
        for offset, character in enumerate(run.group()):
            marks = marks + 1 if unicodedata.category(character).startswith("M") else 0
            if marks > MOST_MARKS:
                raise PydanticCustomError(
                    "too_many_marks",
                    "fler än {most} kombinerande tecken i rad vid tecken {place} i texten;"
                    " skriv högst {most} på en bokstav",
                    {"most": MOST_MARKS, "place": run.start() + offset + 1},
                )
    return text


LARGEST = 10**12
"""No number in a record is larger (or, negated, smaller): every output can print it, and no
sum or ratio of a few of them overflows to infinity."""
MOST = 10**9
"""No count in a record is larger."""

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_no_control_characters),
]

TITLE_LENGTH = 500
"""The longest title or name: it becomes a heading, and a heading a PDF bookmark, which holds
at most 32 767 bytes (a title of letters outside Latin-1 takes two bytes each)."""

Title = Annotated[Text, StringConstraints(max_length=TITLE_LENGTH)]
"""A title or a name: text that becomes a heading."""


class Model(BaseModel):
    """Base of all models: unknown keys are errors and values are not coerced silently."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=False, allow_inf_nan=False, defer_build=True
    )


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

    id: Id = Field(description="Postens id, unikt bland poster av samma typ.")
    access: AccessField = Access.PUBLIC


class Person(Model):
    name: Title = Field(
        title="Namn",
        description="Personens för- och efternamn.",
        examples=["Anette Scheibe Lorentzi"],
    )
    title: Title | None = Field(
        None, title="Titel", description="Befattning, t.ex. 'Vice VD'.", examples=["Vice VD"]
    )
    organisation: Id | None = Field(
        None,
        title="Organisation",
        description="Id för organisationen personen företräder.",
        examples=["stockholms-stadshus"],
    )
    phone: Text | None = Field(
        None,
        title="Telefon",
        description="Arbetstelefon, t.ex. '08-50829739'.",
        examples=["08-50829739"],
    )


class Source(Model):
    title: Title = Field(
        title="Titel",
        description="Källans rubrik.",
        examples=["Fördjupat samarbete mellan Stockholms stad och polisen"],
    )
    publisher: Text | None = Field(
        None, title="Utgivare", description="Vem som gav ut källan.", examples=["Polisen"]
    )
    date: PartialDate | None = Field(
        None, title="Datum", description="När källan gavs ut.", examples=["2019-06-03"]
    )
    url: Text | None = Field(
        None,
        title="Webbadress",
        description="Var källan finns på webben.",
        examples=["https://polisen.se/"],
    )
    document: Text | None = Field(
        None,
        title="Dokument",
        description="Filnamn eller diarienummer för källdokumentet.",
        examples=["KS 2023/740"],
    )
