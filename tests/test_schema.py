"""JSON Schema: generated from the models, committed, and usable by an editor on the records."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, FIXTURES, REPO, run_cli
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from samverkan_cli.records.models import KINDS, kind_for_path
from samverkan_cli.records.schema import json_schema, schema_filename, schema_text

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
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    kind, _ = kind_for_path(path.relative_to(DATA).parts) or (None, None)
    assert kind is not None
    target = (path.parent / first_line.removeprefix(prefix)).resolve()
    assert target == (SCHEMAS / schema_filename(kind)).resolve()


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
