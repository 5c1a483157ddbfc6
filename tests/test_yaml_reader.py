"""The YAML reader: YAML 1.2 values as ruamel.yaml reads them, and exact positions."""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest
from helpers import YAML_SCALARS
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from samverkan_cli.loading.yaml_reader import YamlFailure, read_yaml

_RUAMEL = YAML(typ="safe", pure=True)


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, float) and isinstance(theirs, float) and math.isnan(theirs):
        return math.isnan(ours)
    return type(ours) is type(theirs) and ours == theirs


@pytest.mark.parametrize("text", YAML_SCALARS)
def test_scalars_read_as_ruamel_reads_them(text: str) -> None:
    document = f"value: {text}\n"
    assert _same(read_yaml(document).data["value"], _RUAMEL.load(document)["value"])


def _ruamel_reads(document: str) -> Any | None:
    try:
        return _RUAMEL.load(document)
    except (YAMLError, ValueError):
        return None


def _we_read(document: str) -> Any | None:
    try:
        read = read_yaml(document)
    except YamlFailure:
        return None
    return None if read.problems else read.data


@settings(max_examples=300)
@given(st.text(alphabet="0123456789-+._:eExobTtrufalsNn~ ", max_size=12))
def test_plain_scalars_agree_with_ruamel(text: str) -> None:
    document = f"value: {text}\n"
    theirs, ours = _ruamel_reads(document), _we_read(document)
    assert (theirs is None) == (ours is None), (theirs, ours)
    if theirs is not None and ours is not None:
        assert _same(ours["value"], theirs["value"])


def test_positions_of_keys_and_values() -> None:
    document = read_yaml(
        "# comment\nid: x\nlist:\n  - a: 1\n    b: [2, 3]\n  - 'q'\nwhen: 2019-11-12\n"
    )
    assert document.positions.of_key(("id",)) == (2, 1)
    assert document.positions.of_value(("id",)) == (2, 5)
    assert document.positions.of_value(("list", 0, "b", 1)) == (5, 12)
    assert document.positions.of_key(("list", 0, "b")) == (5, 5)
    assert document.positions.of_value(("list", 1)) == (6, 5)
    assert document.positions.of_value(("list", 9, "x")) == (4, 3)  # nearest known parent
    assert document.data["when"] == datetime.date(2019, 11, 12)


def test_columns_count_characters_not_bytes() -> None:
    document = read_yaml("namn: åäö\nnästa: [x, y]\n")
    assert document.positions.of_value(("nästa", 1)) == (2, 12)


def test_aliases_share_without_expanding() -> None:
    document = read_yaml("a: &x [1, 2]\nb: *x\n")
    assert document.data["b"] == [1, 2]


def test_nul_byte_is_refused_not_truncated() -> None:
    with pytest.raises(YamlFailure) as failure:
        read_yaml("id: a\x00b\n")
    assert failure.value.problem.code == "yaml-syntax"


@pytest.mark.parametrize("text", ["a: !!binary aGVq\n", "a: !custom 1\n", "!!set {a, b}\n"])
def test_unknown_tags_are_refused(text: str) -> None:
    with pytest.raises(YamlFailure) as failure:
        read_yaml(text)
    assert failure.value.problem.code == "yaml-tag"


def test_multiple_documents_are_refused() -> None:
    with pytest.raises(YamlFailure) as failure:
        read_yaml("a: 1\n---\nb: 2\n")
    assert failure.value.problem.code == "yaml-multiple-documents"
    assert failure.value.problem.line == 2


def test_explicit_core_tags_are_read() -> None:
    document = read_yaml("a: !!str 5\nb: !!int '7'\nc: !!float 1\n")
    assert document.data == {"a": "5", "b": 7, "c": 1.0}


@pytest.mark.parametrize("text", ["{a: 0:0, b: :0}\n", "[a:b, c]\n", "k: {x: 1:2}\n"])
def test_yaml_1_2_flow_scalars_that_libyaml_refuses_are_read_as_ruamel_reads_them(
    text: str,
) -> None:
    assert read_yaml(text).data == _RUAMEL.load(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: 2019-02-30\n", "invalid-date"),
        ("a: !!timestamp 2019-13-01\n", "invalid-date"),
        ("a: 2019-01-01 25:00:00\n", "yaml-scalar"),
        ("a: !!int abc\n", "yaml-scalar"),
        ("a: !!int datum\n", "yaml-scalar"),  # the code follows the error, not its wording
    ],
)
def test_a_bad_scalar_is_an_impossible_date_only_when_it_is_a_date(text: str, code: str) -> None:
    assert [problem.code for problem in read_yaml(text).problems] == [code]
