"""JSON Schema: generated from the models, committed, and usable by an editor on the records."""

from __future__ import annotations

import datetime
import json
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, FIXTURES, REPO, run_cli
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from ruamel.yaml import YAML

from samverkan_cli import api
from samverkan_cli.records.dependencies import REFERENCES
from samverkan_cli.records.modeline import PREFIX, modeline_for, schema_filename
from samverkan_cli.records.models import KINDS, KINDS_BY_NAME, kind_for_path
from samverkan_cli.records.schema import json_schema, schema_text

SCHEMAS = REPO / "schemas"


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_committed_schema_is_up_to_date(kind: Any) -> None:
    committed = (SCHEMAS / schema_filename(kind)).read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"schemas/{schema_filename(kind)} is out of date: run `samverkan schema -o schemas`"
    )


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_schema_is_valid_draft_2020_12_with_swedish_titles(kind: Any) -> None:
    schema = json_schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] and schema["description"]
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in definition.get("properties", {}).items():
            assert prop.get("title") != name.replace("_", " ").title() or name in {
                "id",
                "period",
                "organisation",
                "revision",
                "kommunkod",
            }, f"{kind.name}: {name} has no Swedish title"


def _jsonable(value: Any) -> Any:
    """The record as an editor's YAML server sees it: dates are strings."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


RECORD_FILES = sorted([*DATA.rglob("*.yaml"), *(FIXTURES / "minimal").rglob("*.yaml")])


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_records_validate_against_their_schema(path: Path) -> None:
    root = DATA if DATA in path.parents else FIXTURES / "minimal"
    found = kind_for_path(path.relative_to(root).parts)
    assert found is not None
    kind, _ = found
    data = _jsonable(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))
    errors = list(Draft202012Validator(json_schema(kind)).iter_errors(data))
    assert not errors, [error.message for error in errors]


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda path: path.name)
def test_data_files_name_their_schema_for_the_editor(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    kind, _ = kind_for_path(path.relative_to(DATA).parts) or (None, None)
    assert kind is not None
    assert first_line == modeline_for(kind)
    target = (path.parent / first_line.removeprefix(PREFIX)).resolve()
    assert target == (SCHEMAS / schema_filename(kind)).resolve()


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_the_modeline_of_each_kind_finds_its_schema_from_where_its_files_lie(kind: Any) -> None:
    example = [
        part.replace("*", "nagonstans").replace("{", "").replace("}", "") for part in kind.parts
    ]
    path = REPO / "data" / Path(*example)
    target = (path.parent / modeline_for(kind).removeprefix(PREFIX)).resolve()
    assert target == (SCHEMAS / schema_filename(kind)).resolve()
    assert target.is_file()


def test_schema_command_prints_one_kind() -> None:
    result = run_cli("schema", "promise")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Medborgarlöfte"


def test_schema_command_lists_kinds_and_suggests() -> None:
    listing = run_cli("schema").output
    assert "promises/*/{id}.yaml" in listing
    result = run_cli("schema", "promis")
    assert result.exit_code == 2
    assert "menade du 'promise'?" in result.output


def test_schema_command_writes_every_kind(tmp_path: Path) -> None:
    result = run_cli("schema", "--output", tmp_path)
    assert result.exit_code == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        schema_filename(kind) for kind in KINDS
    )


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema object in a schema, nested ones too."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for owner, definition in [("", schema), *schema.get("$defs", {}).items()]:
        for name, prop in definition.get("properties", {}).items():
            yield owner, name, prop


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_no_null_defaults_for_the_editor_to_insert(kind: Any) -> None:
    # yaml-language-server turns `default: null` into a `note: ${1:null}` snippet.
    assert all(node.get("default", 0) is not None for node in _nodes(json_schema(kind)))


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_field_has_a_description_of_its_own(kind: Any) -> None:
    for owner, name, prop in _properties(json_schema(kind)):
        assert prop.get("description"), f"{kind.name}: {owner}.{name} has no description"
        assert prop["description"] != prop.get("title"), f"{owner}.{name}"


def _scalar(prop: dict[str, Any]) -> bool:
    types = {prop.get("type"), *(branch.get("type") for branch in prop.get("anyOf", []))}
    return "const" not in prop and bool(types & {"string", "integer", "number"})


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_value_field_has_an_example_its_schema_accepts(kind: Any) -> None:
    schema = json_schema(kind)
    for owner, name, prop in _properties(schema):
        if not _scalar(prop):
            continue
        assert prop.get("examples"), f"{kind.name}: {owner}.{name} has no example"
        validator = Draft202012Validator({"$defs": schema.get("$defs", {}), **prop})
        for example in prop["examples"]:
            assert validator.is_valid(example), f"{owner}.{name}: {example!r}"


def _field_examples(model: Any, pattern: tuple[str, ...]) -> list[Any]:
    """The examples of the field at `pattern` (as in REFERENCES) under `model`."""
    models = [model]
    info = None
    for part in (part for part in pattern if part != "*"):
        info = next(each.model_fields[part] for each in models if part in each.model_fields)
        models = [
            candidate
            for candidate in _types(info.annotation)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel)
        ]
    assert info is not None
    found = info.examples or []
    return [
        item for example in found for item in (example if isinstance(example, list) else [example])
    ]


def _types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for argument in typing.get_args(annotation):
        yield from _types(argument)


@pytest.mark.parametrize(
    "reference", REFERENCES, ids=lambda ref: f"{ref.source.__name__}.{'.'.join(ref.pattern)}"
)
def test_a_reference_field_is_exemplified_by_a_record_it_may_name(reference: Any) -> None:
    # Not one example for every id: police_area's names a lokalpolisområde, and so on.
    loaded = api.load(DATA)
    records = {
        record.model.id: record.model
        for kind in KINDS
        if kind.model is reference.target
        for record in loaded.dataset.records.get(kind.name, [])
    }
    examples = _field_examples(reference.source, reference.pattern)
    assert examples, f"{reference.source.__name__}.{'.'.join(reference.pattern)} has no example"
    for example in examples:
        assert example in records, f"{example!r} is no {reference.label} in data/"
        if reference.types:
            assert records[example].type in reference.types  # type: ignore[attr-defined]


_ENGLISH = re.compile(
    r"\b(must|should|expected|incorrect|property|allowed|missing|matches)\b", re.I
)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_leaf_and_mapping_has_a_swedish_error_message(kind: Any) -> None:
    schema = json_schema(kind)
    for owner, name, prop in _properties(schema):
        leaves = [
            node
            for node in [
                prop,
                *prop.get("anyOf", []),
                *(b.get("anyOf", []) for b in prop.get("anyOf", [])),
            ]
            if isinstance(node, dict) and node.get("type") not in (None, "null")
        ]
        for leaf in leaves:
            assert "errorMessage" in leaf, f"{kind.name}: {owner}.{name}"
            assert prop["title"] in leaf["errorMessage"]
    for node in _nodes(schema):
        if "errorMessage" in node:
            assert not _ENGLISH.search(node["errorMessage"]), node["errorMessage"]
        if node.get("type") == "object" and "properties" in node:
            assert "errorMessage" in node


def test_targets_are_chosen_by_kind_with_if_then_and_their_snippets_are_valid() -> None:
    schema = json_schema(KINDS_BY_NAME["promise"])
    assert not any("oneOf" in node or "discriminator" in node for node in _nodes(schema))
    target = schema["$defs"]["Target"]
    kinds = target["properties"]["kind"]["enum"]
    assert kinds == ["count", "milestone", "indicator", "areas", "revision_due"]
    assert [branch["if"]["properties"]["kind"]["const"] for branch in target["allOf"]] == kinds
    validator = Draft202012Validator(schema)
    snippets = target["defaultSnippets"]
    assert [snippet["body"]["kind"] for snippet in snippets] == kinds
    for snippet in snippets:
        # What the editor inserts once each ${n:default} is taken as it stands.
        text = json.dumps(snippet["body"], ensure_ascii=False)
        text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", text)
        text = re.sub(r"\$\{\d+\|([^,|]*)[^}]*\}", r"\1", text)
        body = YAML(typ="safe", pure=True).load(
            "\n".join(f"{key}: {value}" for key, value in json.loads(text).items())
        )
        errors = list(
            validator.evolve(schema=target | {"$defs": schema["$defs"]}).iter_errors(body)
        )
        assert not errors, (snippet["label"], [error.message for error in errors])
    wrong = {"id": "x", "kind": "antal", "minimum": 8, "unit": "u"}
    assert not validator.evolve(schema=target | {"$defs": schema["$defs"]}).is_valid(wrong)
