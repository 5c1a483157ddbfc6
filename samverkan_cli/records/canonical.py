"""The canonical layout of a record file (`samverkan fmt`): keys in the order of the model's
fields, two spaces of indentation with list items under their key, quotes only where a
value needs them, no line folded by the tool; comments and blank lines kept.

The key order comes from the models themselves (the order their fields are declared in),
so it has one home. Keys are put in order by moving whole lines, each key with the comment
lines right above it, so that a comment stays with what it is about.
"""

from __future__ import annotations

import re
import types
import typing
from collections import Counter
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from samverkan_cli.records.models import Kind
from samverkan_cli.records.writer import (
    CANONICAL,
    EditRefused,
    dump,
    load_round_trip,
    meaning,
    round_trip_yaml,
    screened,
)

_COMMENT_LINE = re.compile(r"^([ \t]*)#")
_INDENT = re.compile(r"^( *)")


def _unwrapped(annotation: Any) -> list[Any]:
    """The types an annotation allows, Annotated and None taken away."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrapped(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [
            found
            for member in typing.get_args(annotation)
            if member is not type(None)
            for found in _unwrapped(member)
        ]
    return [annotation]


def _model_for(annotation: Any, value: Any) -> type[BaseModel] | None:
    """The model a mapping value of a field of this annotation is read as (a target by its
    `kind`)."""
    models = [
        member
        for member in _unwrapped(annotation)
        if isinstance(member, type) and issubclass(member, BaseModel)
    ]
    if len(models) <= 1:
        return models[0] if models else None
    wanted = value.get("kind") if isinstance(value, dict) else None
    for model in models:
        field = model.model_fields.get("kind")
        if field is not None and wanted in typing.get_args(field.annotation):
            return model
    return None


def _item_annotation(annotation: Any) -> Any:
    for member in _unwrapped(annotation):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return None


def key_order(model: type[BaseModel], keys: list[str]) -> list[str]:
    """`keys` in the order of the model's fields; keys it does not know last, as they were."""
    fields = list(model.model_fields)
    if "kind" in fields:  # what kind a target is says which fields follow: right after its id
        fields.remove("kind")
        fields.insert(1 if fields[:1] == ["id"] else 0, "kind")
    known = sorted((key for key in keys if key in model.model_fields), key=fields.index)
    return known + [key for key in keys if key not in model.model_fields]


def _mappings(data: Any, model: type[BaseModel] | None) -> Iterator[tuple[CommentedMap, type]]:
    """Every mapping in `data` that a model reads, with that model, outermost first."""
    if not isinstance(data, CommentedMap) or model is None:
        return
    yield data, model
    for key, value in data.items():
        field = model.model_fields.get(str(key))
        if field is None:
            continue
        if isinstance(value, CommentedSeq):
            item = _item_annotation(field.annotation)
            for entry in value:
                yield from _mappings(entry, _model_for(item, entry))
        else:
            yield from _mappings(value, _model_for(field.annotation, value))


def canonical_text(text: str, kind: Kind | None, where: str) -> str:
    """`text` in the canonical layout; `kind` gives the key order (None: keys as they are)."""
    screened(text, where)
    yaml = round_trip_yaml(CANONICAL, keep_quotes=False)
    data = load_round_trip(text, where, yaml)
    if data is None:
        return text
    unordered = False
    for mapping, model in _mappings(data, kind.model if kind else None):
        order = key_order(model, [str(key) for key in mapping])
        if mapping.fa.flow_style():
            _reorder_in_place(mapping, order)
        elif [str(key) for key in mapping] != order:
            unordered = True
    laid_out = dump(data, yaml)
    if kind is not None and unordered:
        laid_out = _ordered_lines(laid_out, kind, where)
    aligned = _aligned_comments(laid_out)
    wanted = meaning(text)
    for candidate in (aligned, laid_out):
        if meaning(candidate) == wanted:
            lost = _comments(text) - _comments(candidate)
            if lost:
                raise EditRefused(
                    f"{where}:1:1: filen kan inte formateras om utan att kommentaren"
                    f" '#{next(iter(lost))}' går förlorad (en kommentar i en lista på en rad,"
                    " eller kring --- och ...); den lämnas som den är"
                )
            return candidate
    raise EditRefused(
        f"{where}:1:1: filen kan inte formateras om utan att dess innehåll ändras; den lämnas"
        " som den är (felanmäl gärna)"
    )


_COMMENT = re.compile(r"(?:^|[ \t])#(.*)$", re.MULTILINE)


def _comments(text: str) -> Counter[str]:
    """The text of every comment, as many times as it stands: all must survive a rewrite
    (the parsed data cannot tell; ruamel drops some, in a flow list or around `---`)."""
    return Counter(found.strip() for found in _COMMENT.findall(text))


def _reorder_in_place(mapping: CommentedMap, order: list[str]) -> None:
    if [str(key) for key in mapping] == order:
        return
    for key in order:
        mapping.move_to_end(key)


def _ordered_lines(text: str, kind: Kind, where: str) -> str:
    """Block mappings put in their model's key order by moving lines. Read once: moving the
    lines of one mapping leaves every line before it where it was, so the mappings are taken
    from the last to the first (one inside another before the one around it)."""
    yaml = round_trip_yaml(CANONICAL, keep_quotes=True)
    data = load_round_trip(text, where, yaml)
    found = [
        (mapping, model)
        for mapping, model in _mappings(data, kind.model)
        if mapping and not mapping.fa.flow_style()
    ]
    lines = text.splitlines(keepends=True)
    for mapping, model in sorted(found, key=lambda pair: pair[0].lc.line, reverse=True):
        keys = [str(key) for key in mapping]
        order = key_order(model, keys)
        if keys != order:
            lines = _moved(lines, mapping, keys, order)
    return "".join(lines)


def _is_comment(line: str) -> bool:
    return _COMMENT_LINE.match(line) is not None


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not _is_comment(line)


def _indent(line: str) -> int:
    found = _INDENT.match(line)
    return len(found.group(1)) if found else 0


def _moved(lines: list[str], mapping: CommentedMap, keys: list[str], order: list[str]) -> list[str]:
    """The lines with those of `mapping`'s keys in `order`: each key's lines from the
    comment and blank lines right above it to the next key's."""
    lines = list(lines)
    starts = [mapping.lc.key(key)[0] for key in keys]
    column = mapping.lc.key(keys[0])[1]
    bounds = [starts[0]]
    for index in range(1, len(keys)):
        start = starts[index]
        while start - 1 > starts[index - 1] and not _is_content(lines[start - 1]):
            start -= 1
        bounds.append(start)
    end = starts[-1] + 1
    for at in range(starts[-1] + 1, len(lines)):
        if _is_content(lines[at]):
            if _indent(lines[at]) <= column:
                break
            end = at + 1
    bounds.append(end)
    prefix = lines[starts[0]][:column]
    on_a_dash = bool(prefix.strip())
    if on_a_dash:
        lines[starts[0]] = " " * column + lines[starts[0]][column:]
    blocks = {key: lines[bounds[i] : bounds[i + 1]] for i, key in enumerate(keys)}
    heads = {key: starts[i] - bounds[i] for i, key in enumerate(keys)}
    moved = [line for key in order for line in blocks[key]]
    if on_a_dash:
        head = heads[order[0]]
        moved[head] = prefix + moved[head][column:]
    return lines[: bounds[0]] + moved + lines[end:]


def _aligned_comments(text: str) -> str:
    """Each comment line indented as the line it comments (the next one with content)."""
    lines = text.splitlines(keepends=True)
    following = 0
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if _is_content(line):
            following = _indent(line)
        elif _is_comment(line):
            lines[index] = " " * following + line.lstrip(" \t")
    return "".join(lines)
