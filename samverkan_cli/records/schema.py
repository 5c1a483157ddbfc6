"""JSON Schema (draft 2020-12) for each record kind, generated from the models."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from samverkan_cli.records.models import KINDS, Kind
from samverkan_cli.support.files import write_text_atomic

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Swedish description of every record kind, by kind name; its title is the kind's own.
_KIND_DESCRIPTIONS: dict[str, str] = {
    "agreement": "Överenskommelse mellan kommun och polis.",
    "revision": "En version av överenskommelsen med prioriterade samverkansområden.",
    "remiss": "En revision på remiss och svaret på den.",
    "followup": "Daterade uppgifter och mätningar om hur arbetet går.",
    "promise": "Ett medborgarlöfte från en eller flera organisationer, för ett år eller en period.",
    "area": "Ett område på polisens lista och dess klassningar.",
    "assessment": "Polisens bedömning av utsatta områden.",
    "organisation": "Referensdata: en kommun, en del av polisen, en region, en förvaltning,"
    " ett bolag, en myndighet eller en förening.",
}

# Swedish title and description of every model, by class name: the schema is what an
# editor shows while a user types, so it speaks the records' language.
MODEL_TEXTS: dict[str, tuple[str, str]] = {
    **{kind.model.__name__: (kind.heading, _KIND_DESCRIPTIONS[kind.name]) for kind in KINDS},
    "Person": ("Person", "Namn och befattning."),
    "Source": ("Källa", "Var uppgifterna kommer ifrån."),
    "Party": ("Part", "En part i överenskommelsen."),
    "Goal": ("Mål", "Ett mål i överenskommelsen och hur det mäts."),
    "PriorityArea": ("Samverkansområde", "Ett prioriterat samverkansområde."),
    "Figure": ("Siffra", "Ett tal med enhet."),
    "Fact": ("Uppgift", "En uppgift ur en källa, med egna ord."),
    "Measurement": ("Mätning", "Ett uppmätt värde för ett indikatormål."),
    "SubReferral": ("Underremiss", "En remiss vidare till ett bolag eller en nämnd."),
    "Dialogue": ("Medborgardialog", "En dialog med invånarna som löftet bygger på."),
    "Lineage": ("Ursprung", "Området delades från eller slogs samman av andra områden."),
    "NationalCount": ("Hela landet", "Lägesbildens antal för hela landet."),
    "Attestation": ("Attest", "Vem som godkände dokumentet och när."),
    "Respondent": ("Remissinstans", "Den som svarar på remissen."),
    "Commitment": ("Åtagande", "Ett åtagande i medborgarlöftet."),
    "Activity": ("Aktivitet", "Något som gjorts, räknat mot ett mål."),
    "Classification": ("Klassning", "Områdets nivå i en nationell lägesbild."),
    "LevelCount": ("Antal per nivå", "Antal områden med en nivå."),
    "RegionCount": ("Region i lägesbilden", "Antal områden i en polisregion."),
    "Period": ("Period", "Från och med, till och med."),
    "CountTarget": ("Antalsmål", "Minst ett antal aktiviteter under en period."),
    "MilestoneTarget": ("Delmål", "Något som ska vara gjort senast ett datum."),
    "Completion": ("Genomfört", "När och hur det gjordes."),
    "IndicatorTarget": ("Indikatormål", "Ett mätvärde som ska nå ett målvärde till ett datum."),
    "Baseline": ("Utgångsvärde", "Värdet vid starten."),
    "AreasTarget": ("Områdesmål", "Högst ett antal områden med en nivå på polisens lista."),
    "RevisionDueTarget": (
        "Revideringsmål",
        "Överenskommelsen revideras inom sitt intervall, eller förnyas innan den löper ut.",
    ),
    "OrganisationType": ("Organisationstyp", "Vad slags organisation det är."),
    "AgreementType": ("Typ av överenskommelse", "Överenskommelse eller avsiktsförklaring."),
    "AreaLevel": ("Nivå", "Polisens klassning av ett område."),
    "Direction": ("Riktning", "Om ett lägre eller högre värde är bättre."),
    "RevisionState": ("Läge", "Revisionens läge."),
    "Stance": ("Ställningstagande", "Remissinstansens hållning."),
    "Access": ("Åtkomst", "offentlig eller intern."),
}


def _swedish(schema: dict[str, Any], name: str) -> None:
    title, description = MODEL_TEXTS[name]
    schema["title"] = title
    schema["description"] = description


def json_schema(kind: Kind) -> dict[str, Any]:
    schema = kind.model.model_json_schema()
    for name, definition in schema.get("$defs", {}).items():
        _swedish(definition, name)
    _swedish(schema, kind.model.__name__)
    schema["description"] += f" Fil: data/{kind.layout}."
    return {"$schema": DIALECT, **schema}


def schema_text(kind: Kind) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def schema_filename(kind: Kind) -> str:
    return f"{kind.name}.schema.json"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / schema_filename(kind)
        write_text_atomic(path, schema_text(kind))
        written.append(path)
    return written


MODELINE_PREFIX = "# yaml-language-server: $schema="


def modeline(parts: tuple[str, ...], kind: Kind, base: int) -> str:
    """The line that points an editor at the schema of a file at `parts` under a data root
    that lies `base` folders below the folder that holds schemas/."""
    up = "../" * (len(parts) - 1 + base)
    return f"{MODELINE_PREFIX}{up}schemas/{schema_filename(kind)}"


_SCHEMA_REFERENCE = re.compile(r"\$schema=((?:\.\./)*)schemas/")


def schemas_base(root: Path, parts: Sequence[tuple[str, ...]]) -> int | None:
    """How many folders the data root lies below the folder with schemas/: as its files'
    schema lines say (the first of `parts`, relative paths, that has one), else where a
    schemas/ folder is found above it; None where there is neither (no line is written)."""
    for relative in parts:
        try:
            with (root.joinpath(*relative)).open(encoding="utf-8") as handle:
                first = handle.readline(4096) + handle.readline(4096)
        except (OSError, UnicodeDecodeError):
            continue
        found = _SCHEMA_REFERENCE.search(first)
        if found:
            return found.group(1).count("../") - (len(relative) - 1)
    for depth, folder in enumerate([root.resolve(), *root.resolve().parents]):
        if any((folder / "schemas" / schema_filename(kind)).is_file() for kind in KINDS):
            return depth
    return None
