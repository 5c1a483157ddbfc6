"""One meaning for every file: the fast path (yaml-rs) and the careful path (ruamel.yaml with
positions) read each file the same way, and the fast path never lets through what the careful
path would refuse."""

from __future__ import annotations

import copy
import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from helpers import YAML_SCALARS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from ruamel.yaml import YAML

from samverkan_cli.loading.fast import AVAILABLE, fast_load, needs_care
from samverkan_cli.loading.limits import DEFAULT_LIMITS
from samverkan_cli.loading.yaml_reader import YamlFailure, read_yaml
from samverkan_cli.records.models import Promise

pytestmark = pytest.mark.skipif(not AVAILABLE, reason="yaml-rs is not installed")

settings.register_profile("long", max_examples=3000, deadline=None)
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

_yaml = YAML(typ="safe", pure=True)
PROMISE = _yaml.load(
    (FIXTURES / "minimal" / "promises" / "centrum" / "centrum-2022.yaml").read_text()
)


def careful(text: str) -> Any | None:
    try:
        document = read_yaml(text)
    except YamlFailure:
        return None
    return None if document.problems else document.data


def assert_same_meaning(text: str) -> None:
    fast = fast_load(text, DEFAULT_LIMITS)
    if fast is None:
        return  # the careful path reads it; nothing to compare
    try:
        fast_record = Promise.model_validate(fast)
    except ValidationError:
        return  # the loader then reads it carefully, with positions
    slow = careful(text)
    assert slow is not None, f"careful path refuses what the fast path accepts: {text!r}"
    assert Promise.model_validate(slow) == fast_record
    assert slow == fast


SCALARS = st.sampled_from(
    [
        *YAML_SCALARS,
        "2023-02-30",
        "0:0",
        "a: b",
        "- a",
        "#x",
        "x #y",
        "'",
        '"',
        "\\",
        "{}",
        "[x]",
        "@x",
        "`x`",
        "%x",
        "|",
        ">",
        "!x",
        "&x",
        "*x",
        "x\ny",
        " x",
        "x ",
        "é",
        "\t",
    ]
)
TEXT = st.one_of(SCALARS, st.text(max_size=20))


def _dump(record: dict[str, Any], flow: bool) -> str:
    buffer = StringIO()
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    dumper.dump(record, buffer)
    return buffer.getvalue()


@given(TEXT, TEXT, TEXT, st.booleans())
def test_generated_records_mean_the_same_on_both_paths(
    title: str, description: str, unit: str, flow: bool
) -> None:
    record = copy.deepcopy(PROMISE)
    record["title"] = title
    record["commitments"][0]["title"] = description
    record["commitments"][0]["targets"][0]["unit"] = unit
    record["activities"][0]["description"] = title + description
    assert_same_meaning(_dump(record, flow))


@given(
    st.lists(
        st.one_of(SCALARS, st.sampled_from([": ", "\n", "  ", "- ", ", ", "[", "]"])), max_size=40
    )
)
def test_hostile_text_means_the_same_on_both_paths(pieces: list[str]) -> None:
    text = _dump(PROMISE, False) + "".join(pieces)
    assert_same_meaning(text)
    raw = fast_load("".join(pieces), DEFAULT_LIMITS)
    if raw is not None and careful("".join(pieces)) is not None:
        assert careful("".join(pieces)) == raw


@given(st.binary(max_size=300))
def test_hostile_bytes_mean_the_same_on_both_paths(content: bytes) -> None:
    text = content.decode("utf-8", "replace")
    fast = fast_load(text, DEFAULT_LIMITS)
    slow = careful(text)
    if fast is not None and slow is not None:
        assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "id: a\x00b\n",
        "id: !!python/object/apply:os.system ['id']\n",
        "id: !custom x\n",
        "id: '2019-11-12'\n",
        "a: &x [1]\nb: *x\n",
        "id: 2023-02-30\n",
        "---\nid: x\n",
        "id: x\nid: y\n",
        "year: 0X7E6\n",
        "v: -.5e1\n",
        "date: 2022-02-10 10:00\n",
        "title: \u2028x\n",
        "a: {unit: :0}\n",
        "a: 1_000\n",
        "a: |\nb: x\n",
        "a: [?0]\n",
    ],
)
def test_known_yaml_rs_gaps_go_the_careful_way(text: str) -> None:
    assert fast_load(text, DEFAULT_LIMITS) is None


CONTROL_CHARACTERS = [
    *(chr(code) for code in range(0x00, 0x09)),
    "\x0b",
    "\x0c",
    *(chr(code) for code in range(0x0E, 0x20)),
    *(chr(code) for code in range(0x7F, 0xA0)),
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
]


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=lambda char: f"U+{ord(char):04X}")
def test_every_control_character_goes_the_careful_way(char: str) -> None:
    assert needs_care(f"title: Trygghet – å{char}ö\n")


@pytest.mark.parametrize("char", ["\xa0", "\xa7", "\xbf", "\xc5", "\u2013", "\u3000", "\U0001f600"])
def test_other_characters_do_not_need_care(char: str) -> None:
    assert not needs_care(f"title: Trygghet – å{char}ö\n")


@pytest.mark.skipif(not AVAILABLE, reason="yaml-rs is not installed")
def test_plain_records_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real records are plain YAML: each is read the fast way, none the careful way (a
    fast path that is never taken would only cost time, and the tests above would not see
    it)."""
    from samverkan_cli import api
    from samverkan_cli.loading import loader

    careful: list[str] = []
    read_carefully = loader.read_carefully

    def counted(source: Any, text: str, limits: Any) -> Any:
        careful.append(source.display)
        return read_carefully(source, text, limits)

    monkeypatch.setattr(loader, "read_carefully", counted)
    result = api.validate(Path(__file__).parent.parent / "data")
    assert result.files > 20 and result.errors == 0
    assert careful == []
