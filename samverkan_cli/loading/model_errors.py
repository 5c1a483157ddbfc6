"""Pydantic validation errors → diagnostics at the exact key or value, in Swedish."""

from __future__ import annotations

import datetime
import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from samverkan_cli.diagnostics import Code, did_you_mean
from samverkan_cli.loading.yaml_reader import Mark, PathKey, Positions
from samverkan_cli.records.ids import ID_PATTERN, id_from_name
from samverkan_cli.support.swedish import format_number

_TYPE_NAMES = {
    "int": "ett heltal",
    "float": "ett tal",
    "string": "en text",
    "bool": "true eller false",
    "list": "en lista",
    "dict": "en mappning (nyckel: värde)",
    "model": "en mappning (nyckel: värde)",
    "model_attributes": "en mappning (nyckel: värde)",
}
_PATTERN_MESSAGES = {"ZÅÄÖ": "ett diarienummer skrivs som 'KS 2019/656'"}
_ID_RULE = "ett id skrivs med gemener a–z, siffror och bindestreck"


def describe_value(value: Any) -> str:
    if value is None:
        return "ingenting"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int):
        return f"talet {value}"
    if isinstance(value, float):
        return f"talet {format_number(value)}"
    if isinstance(value, str):
        return f"texten '{value}'"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, datetime.datetime):
        return f"tidpunkten {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"datumet {value.isoformat()}"
    return "ett värde av annat slag"


def _length(ctx: dict[str, Any], value: Any, at_least: bool) -> str:
    """A length rule broken, in Swedish: "listan måste ha minst 2 poster, har 1"."""
    limit = ctx.get("min_length" if at_least else "max_length")
    if at_least and (limit is None or int(limit) <= 1):
        return (
            "listan får inte vara tom" if isinstance(value, list) else "värdet får inte vara tomt"
        )
    word = "minst" if at_least else "högst"
    if isinstance(value, str):
        return f"texten får ha {word} {limit} tecken, har {len(value)}"
    found = f", har {len(value)}" if isinstance(value, list | dict) else ""
    items = "post" if limit == 1 else "poster"
    return f"listan måste ha {word} {limit} {items}{found}"


def _unwrap(annotation: Any, data: Any) -> Any:
    """Strip Annotated and Optional; pick the member of a tagged union that `data` names."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or origin is types.UnionType:
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
            kind = data.get("kind") if isinstance(data, dict) else None
            for member in members:
                field = getattr(member, "model_fields", {}).get("kind")
                if field is not None and kind in get_args(field.annotation):
                    return member
            return None
        else:
            return annotation


def _model_at(model: type[BaseModel], data: Any, path: PathKey) -> Any:
    annotation: Any = model
    for element in path:
        annotation = _unwrap(annotation, data)
        if isinstance(element, int) and get_origin(annotation) is list:
            annotation = get_args(annotation)[0]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(element))
            annotation = field.annotation if field is not None else None
        else:
            return None
        try:
            data = data[element]
        except (KeyError, IndexError, TypeError):
            data = None
    return _unwrap(annotation, data)


def field_names(model: type[BaseModel], data: Any, path: PathKey) -> list[str]:
    """The keys allowed in the mapping at `path`."""
    found = _model_at(model, data, path)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return list(found.model_fields)
    return []


def allowed_values(model: type[BaseModel], data: Any, path: PathKey) -> list[str]:
    """The values an enum or literal field at `path` allows."""
    found = _model_at(model, data, path)
    if get_origin(found) is Literal:
        return [str(arg) for arg in get_args(found)]
    if isinstance(found, type) and hasattr(found, "__members__"):
        return [str(member.value) for member in found.__members__.values()]
    return []


def data_path(data: Any, loc: tuple[int | str, ...]) -> PathKey:
    """The path in the YAML data of a pydantic error location (dropping union tags)."""
    path: list[str | int] = []
    current = data
    for index, element in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, dict):
            if not last and current.get("kind") == element:
                continue  # the tagged-union member name pydantic puts in the location
            if element in current:
                path.append(element)
                current = current[element]
            elif last:
                path.append(element)
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            path.append(element)
            current = current[element]
        else:
            break
    return tuple(path)


def _choices(values: list[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _id_problem(model: type[BaseModel], path: PathKey, value: Any) -> str:
    """An id of the wrong form, with the id its text gives ("menade du 'lidingo'?"), else an
    example of an id of the field's own kind."""
    from samverkan_cli.records.dependencies import example_id
    from samverkan_cli.records.models import RecordModel

    said = f"{describe_value(value)} har fel form: {_ID_RULE}"
    suggestion = id_from_name(value) if isinstance(value, str) else ""
    if suggestion and suggestion != value:
        return f"{said}; menade du '{suggestion}'?"
    example = example_id(model, path) if issubclass(model, RecordModel) else ""
    return f"{said}, t.ex. '{example}'" if example else said


def _joined_key(name: str, allowed: list[str]) -> tuple[str, str] | None:
    """(key, value) where an unknown key is an allowed key, a colon and a value without the
    space between them (`target:trygghetsvandringar`, which YAML reads as one key)."""
    key, colon, value = name.partition(":")
    if colon and value and not value.startswith(" ") and key in allowed:
        return key, value
    return None


def _describe(
    error: ErrorDetails, model: type[BaseModel], data: Any, path: PathKey
) -> tuple[Code, str, bool]:
    """(code, message, at_key) for one error."""
    kind = error["type"]
    value = error.get("input")
    name = path[-1] if path else ""
    ctx = error.get("ctx", {})
    if kind == "extra_forbidden":
        allowed = field_names(model, data, path[:-1])
        joined = _joined_key(str(name), allowed)
        if joined is not None:
            key, rest = joined
            space = f"sätt ett mellanslag efter kolon: '{key}: {rest}'"
            return Code.UNKNOWN_KEY, f"okänd nyckel '{name}'; {space}", True
        hint = did_you_mean(str(name), allowed)
        listing = "" if hint else f"; tillåtna nycklar: {_choices(allowed)}"
        return Code.UNKNOWN_KEY, f"okänd nyckel '{name}'{hint}{listing}", True
    if kind == "missing":
        return Code.MISSING_KEY, f"nyckeln '{name}' saknas", False
    if kind == "union_tag_not_found":
        return Code.MISSING_KEY, f"nyckeln '{ctx.get('discriminator', 'kind')}' saknas", False
    if kind == "union_tag_invalid":
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        tag = str(ctx.get("tag", value))
        return (
            Code.INVALID_VALUE,
            f"okänd typ '{tag}'{did_you_mean(tag, tags)}; tillåtna: {_choices(tags)}",
            False,
        )
    if kind in ("enum", "literal_error"):
        allowed = allowed_values(model, data, path)
        return (
            Code.INVALID_VALUE,
            f"ogiltigt värde '{value}'{did_you_mean(str(value), allowed)};"
            f" tillåtna: {_choices(allowed)}",
            False,
        )
    if kind == "control_character":
        return Code.CONTROL_CHARACTER, str(error["msg"]), False
    if kind in ("unshowable_character", "too_many_marks"):
        return Code.INVALID_VALUE, str(error["msg"]), False
    if kind == "partial_date":
        return Code.INVALID_DATE, f"ogiltigt datum: {error['msg']}", False
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")) == ID_PATTERN:
        return Code.INVALID_VALUE, _id_problem(model, path, value), False
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        rule = next((text for key, text in _PATTERN_MESSAGES.items() if key in pattern), "")
        return Code.INVALID_VALUE, f"{describe_value(value)} har fel form: {rule}", False
    type_name = kind.removesuffix("_type").removesuffix("_parsing")
    if kind.endswith(("_type", "_parsing")) and type_name in _TYPE_NAMES:
        return (
            Code.WRONG_TYPE,
            f"väntade {_TYPE_NAMES[type_name]}, fick {describe_value(value)}",
            False,
        )
    if kind == "int_from_float":
        return Code.WRONG_TYPE, f"väntade ett heltal, fick {describe_value(value)}", False
    if kind == "int_parsing_size":
        return Code.INVALID_VALUE, "talet är för stort", False
    if kind == "finite_number":
        return Code.INVALID_VALUE, "talet måste vara ändligt (inte .inf eller .nan)", False
    if kind == "greater_than_equal":
        return Code.INVALID_VALUE, f"värdet måste vara minst {ctx.get('ge')}", False
    if kind == "greater_than":
        return Code.INVALID_VALUE, f"värdet måste vara större än {ctx.get('gt')}", False
    if kind == "less_than_equal":
        return Code.INVALID_VALUE, f"värdet får vara högst {ctx.get('le')}", False
    if kind == "less_than":
        return Code.INVALID_VALUE, f"värdet måste vara mindre än {ctx.get('lt')}", False
    if kind in ("too_short", "string_too_short"):
        return Code.INVALID_VALUE, _length(ctx, value, at_least=True), False
    if kind in ("too_long", "string_too_long"):
        return Code.INVALID_VALUE, _length(ctx, value, at_least=False), False
    if kind == "value_error":
        return Code.INVALID_VALUE, str(error["msg"]).removeprefix("Value error, "), False
    if kind == "assertion_error":
        return Code.INVALID_VALUE, str(error["msg"]).removeprefix("Assertion failed, "), False
    if kind.endswith(("_type", "_parsing")):
        return Code.WRONG_TYPE, f"värdet har fel slag: {describe_value(value)}", False
    # Never pydantic's English: a type of error not named above is still told in Swedish.
    return Code.INVALID_VALUE, f"ogiltigt värde: {describe_value(value)}", False


def field_problems(
    error: ValidationError, model: type[BaseModel], data: Any
) -> list[tuple[PathKey, Code, str]]:
    """(path in `data`, code, message) for each error in a failed validation, where there
    are no positions to tell (a row of a sheet, say)."""
    found = []
    for details in error.errors(include_url=False):
        path = data_path(data, details["loc"])
        code, message, _ = _describe(details, model, data, path)
        found.append((path, code, message))
    return found


def model_problems(
    error: ValidationError, model: type[BaseModel], data: Any, positions: Positions
) -> list[tuple[Code, str, Mark]]:
    """(code, message, mark) for each error in a failed validation."""
    problems = []
    errors = error.errors(include_url=False)
    paths = [data_path(data, details["loc"]) for details in errors]
    # `target:x` is one unknown key; that 'target' is then missing is the same mistake.
    joined = {
        (path[:-1], found[0])
        for details, path in zip(errors, paths, strict=True)
        if details["type"] == "extra_forbidden"
        and path
        and (found := _joined_key(str(path[-1]), field_names(model, data, path[:-1])))
    }
    for details, path in zip(errors, paths, strict=True):
        if details["type"] == "missing" and path and (path[:-1], str(path[-1])) in joined:
            continue
        code, message, at_key = _describe(details, model, data, path)
        if code == Code.MISSING_KEY:
            mark = positions.of_value(path[:-1])
        elif at_key:
            mark = positions.of_key(path)
        else:
            mark = positions.of_value(path)
        problems.append((code, message, mark))
    return problems
