"""JSON Schema (draft 2020-12) for each record kind, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema

from samverkan_cli.records.dates import DATE_PATTERN
from samverkan_cli.records.ids import ID_PATTERN
from samverkan_cli.records.modeline import schema_filename
from samverkan_cli.records.models import KINDS, Kind
from samverkan_cli.support.files import write_text_atomic
from samverkan_cli.support.swedish import format_number

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
    "DocumentSettings": (
        "Dokumentinställningar",
        "Typsnitt, datumformat och rader i organisationens dokument.",
    ),
    "DocumentDates": ("Datumformat", "Hur datum skrivs på varje ställe i dokumenten."),
    "DateStyle": ("Datumformat", "lång ('26 oktober 2023') eller iso ('2023-10-26')."),
    "Target": (
        "Mätbart mål",
        "Ett mål av en av fem typer (kind): count, milestone, indicator, areas eller revision_due.",
    ),
}


# What each kind of target is called, for the editor's list of snippets.
_TARGET_SNIPPETS: dict[str, tuple[str, dict[str, Any]]] = {
    "count": (
        "Antalsmål (count)",
        {
            "id": "${1:trygghetsvandringar}",
            "kind": "count",
            "minimum": "${2:8}",
            "unit": "${3:trygghetsvandringar}",
        },
    ),
    "milestone": (
        "Delmål (milestone)",
        {"id": "${1:arbetsmetoder}", "kind": "milestone", "title": "${2:Rubrik}"},
    ),
    "indicator": (
        "Indikatormål (indicator)",
        {
            "id": "${1:otrygghet}",
            "kind": "indicator",
            "measure": "${2:Andel otrygga}",
            "direction": "${3|lower_is_better,higher_is_better|}",
            "deadline": "${4:2025}",
        },
    ),
    "areas": (
        "Områdesmål (areas)",
        {
            "id": "${1:inga-sarskilt-utsatta}",
            "kind": "areas",
            "level": "${2:särskilt utsatt område}",
            "maximum": "${3:0}",
        },
    ),
    "revision_due": (
        "Revideringsmål (revision_due)",
        {"id": "${1:revidering}", "kind": "revision_due"},
    ),
}


_A_DATE = "ett datum med den precision källan har: ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD"


def _swedish(schema: dict[str, Any], name: str) -> None:
    title, description = MODEL_TEXTS[name]
    schema["title"] = title
    schema["description"] = description


def _listed(words: list[str]) -> str:
    """'a, b och c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def _bounds(node: dict[str, Any], what: str) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f"{what} från {format_number(low)} till {format_number(high)}"
    if low is not None:
        return f"{what} som är minst {format_number(low)}"
    if high is not None:
        return f"{what} som är högst {format_number(high)}"
    return what


def _expected(node: dict[str, Any]) -> str | None:
    """What a value of this (non-null) schema is, in Swedish; None for a reference."""
    if "const" in node:
        return f"'{node['const']}'"
    if "enum" in node:
        return "en av " + ", ".join(f"'{value}'" for value in node["enum"])
    kind = node.get("type")
    if kind == "string":
        if node.get("pattern") == ID_PATTERN:
            return "ett id: gemener a–z, siffror och bindestreck"
        if node.get("pattern") == DATE_PATTERN:
            return _A_DATE
        if "pattern" in node:
            return "en text av samma form som exemplet"
        return "en text som inte är tom" if node.get("minLength") else "en text"
    if kind == "integer":
        if node.get("minimum") == 1000 and node.get("maximum") == 9999:
            return _A_DATE
        return _bounds(node, "ett heltal")
    if kind == "number":
        return _bounds(node, "ett tal")
    if kind == "boolean":
        return "true eller false"
    if kind == "array":
        least = node.get("minItems")
        return f"en lista med minst {least}" if least else "en lista"
    return None


def _example_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def _leaf_messages(node: dict[str, Any], title: str, example: Any) -> None:
    """errorMessage on every leaf of one field's schema (the branches of an anyOf too): the
    editor shows it instead of its own English message for any problem at that leaf."""
    for branch in node.get("anyOf", []):
        _leaf_messages(branch, title, example)
    items = node.get("items")
    if isinstance(items, dict):
        _leaf_messages(items, title, example[0] if isinstance(example, list) and example else None)
    if node.get("type") == "null" or "anyOf" in node or "$ref" in node:
        return
    expected = _expected(node)
    if expected is None:
        return
    message = f"{title}: ska vara {expected}"
    if example is not None and "enum" not in node and "const" not in node:
        message += f", t.ex. {_example_text(example)}"
    node["errorMessage"] = message
    _bounds_as_if_else(node)


_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems")
_NEVER = ""
"""A constant no number or list equals."""


def _bounds_as_if_else(node: dict[str, Any]) -> None:
    """yaml-language-server words a broken bound ("Value is below the minimum of 1.", "String
    is shorter than…") in English whatever errorMessage says, but honours errorMessage on
    `pattern` and `const`. So a text that may not be blank is a pattern, and the bounds of a
    number or a list are an `if`, whose `else` is a constant nothing equals: the same values
    pass, and a value out of bounds gets the field's Swedish message."""
    if node.get("minLength") == 1 and "pattern" not in node:
        del node["minLength"]
        node["pattern"] = r"\S"
    bounds = {key: node.pop(key) for key in _BOUNDS if key in node}
    if bounds:
        node["if"] = bounds
        node["else"] = {"const": _NEVER, "errorMessage": node["errorMessage"]}


def _object_message(definition: dict[str, Any]) -> str:
    keys = list(definition.get("properties", {}))
    required = definition.get("required", [])
    message = f"{definition['title']}: ska vara en mappning med nycklarna {_listed(keys)}"
    if required:
        message += f"; {_listed(required)} måste finnas"
    return message


def _lifted_description(prop: dict[str, Any], definitions: dict[str, Any]) -> str | None:
    """The description a field without its own takes from its type (a date, a model, a
    list of models)."""
    for candidate in [prop, *prop.get("anyOf", []), prop.get("items", {})]:
        reference = candidate.get("$ref")
        if reference is not None:
            return str(definitions[reference.rsplit("/", 1)[1]]["description"])
        if "description" in candidate:
            return str(candidate["description"])
    return None


def _target_union(definitions: dict[str, Any], union: dict[str, Any]) -> dict[str, Any]:
    """A target (one of five kinds) as if/then on `kind`, so that `kind: antal` says which
    kinds there are, and a target's other keys are checked against its own kind."""
    mapping: dict[str, str] = union["discriminator"]["mapping"]
    kinds = [
        definitions[ref.rsplit("/", 1)[1]]["properties"]["kind"]["const"]
        for ref in [item["$ref"] for item in union["oneOf"]]
    ]
    title, description = MODEL_TEXTS["Target"]
    return {
        "type": "object",
        "title": title,
        "description": description,
        "properties": {
            "kind": {
                "title": "Typ",
                "description": "Vad slags mål: "
                + ", ".join(
                    f"{kind} ({_TARGET_SNIPPETS[kind][0].split(' (')[0].lower()})" for kind in kinds
                )
                + ".",
                "enum": kinds,
                "errorMessage": "Typ: ska vara en av " + ", ".join(f"'{kind}'" for kind in kinds),
            }
        },
        "required": ["kind"],
        "errorMessage": f"{title}: ska vara en mappning med nyckeln kind ({', '.join(kinds)})",
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": mapping[kind]},
            }
            for kind in kinds
        ],
        "defaultSnippets": [
            {
                "label": _TARGET_SNIPPETS[kind][0],
                "description": MODEL_TEXTS[mapping[kind].rsplit("/", 1)[1]][1],
                "body": _TARGET_SNIPPETS[kind][1],
            }
            for kind in kinds
        ],
    }


def _for_editors(schema: dict[str, Any]) -> dict[str, Any]:
    """The generated schema as an editor's YAML server uses it: Swedish titles, descriptions
    and error messages everywhere, no `default: null` (it becomes a `null` snippet), and
    targets chosen by `kind` with if/then."""
    definitions: dict[str, Any] = schema.setdefault("$defs", {})
    for name, definition in definitions.items():
        if name in MODEL_TEXTS:
            _swedish(definition, name)
    unions = [
        prop
        for definition in [schema, *definitions.values()]
        for prop in definition.get("properties", {}).values()
        if "discriminator" in prop.get("items", {})
    ]
    if unions:
        definitions["Target"] = _target_union(definitions, unions[0]["items"])
        for prop in unions:
            prop["items"] = {"$ref": "#/$defs/Target"}
    for definition in [schema, *definitions.values()]:
        properties: dict[str, Any] = definition.get("properties", {})
        for name, prop in properties.items():
            if prop.get("default", 0) is None:
                del prop["default"]
            if "description" not in prop:
                lifted = _lifted_description(prop, definitions)
                if lifted is not None:
                    prop["description"] = lifted
            for branch in prop.get("anyOf", []):
                if "examples" in branch:
                    prop.setdefault("examples", branch["examples"])
                # The type's own words (an id's title "Id") would hide the field's on hover.
                for word in ("title", "description", "examples"):
                    branch.pop(word, None)
            examples = prop.get("examples")
            _leaf_messages(prop, prop.get("title", name), examples[0] if examples else None)
        if "properties" in definition and definition is not definitions.get("Target"):
            definition["errorMessage"] = _object_message(definition)
        elif "enum" in definition:
            definition["errorMessage"] = f"{definition['title']}: ska vara {_expected(definition)}"
    return schema


class EditorSchema(GenerateJsonSchema):
    """pydantic's schema, made for editors (see _for_editors)."""

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        return _for_editors(super().generate(schema, mode))


def json_schema(kind: Kind) -> dict[str, Any]:
    schema = kind.model.model_json_schema(schema_generator=EditorSchema)
    _swedish(schema, kind.model.__name__)
    schema["description"] += f" Fil: data/{kind.layout}."
    schema["errorMessage"] = _object_message(schema)
    return {"$schema": DIALECT, **schema}


def schema_text(kind: Kind) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / schema_filename(kind)
        write_text_atomic(path, schema_text(kind))
        written.append(path)
    return written
