"""The personnummer guard: found with its place, allowed explicitly, officials' phones are fine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AREA, DATA, WriteFile, run_cli
from hypothesis import given
from hypothesis import strategies as st

from samverkan_cli.loading.personnummer import find_personnummer, luhn_valid


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("19121212-1212", "personnummer"),
        ("121212-1212", "personnummer"),
        ("1212121212", "personnummer"),
        ("191212121212", "personnummer"),
        ("121212+1212", "personnummer"),
        ("121272-1219", "samordningsnummer"),
        ("121212\u20131212", "personnummer"),  # en dash, pasted from a word processor
        ("19121212 - 1212", "personnummer"),
    ],
)
def test_personnummer_forms_are_found(text: str, kind: str) -> None:
    assert list(find_personnummer(f"note: se {text} här")) == [(1, 10, kind)]


@pytest.mark.parametrize(
    "text",
    [
        "08-50829739",  # a work phone, as in the remiss answer
        "0850829739",
        "121212-1213",  # wrong check digit
        "121312-1212",  # no month 13
        "2019-11-12",
        "KS 2019/656",
        "12345678901234",
        "121212-1212  # samverkan: allow-personnummer",
    ],
)
def test_not_personnummer(text: str) -> None:
    assert list(find_personnummer(f"note: {text}")) == []


def test_a_mobile_number_is_told_from_one_only_by_its_separators() -> None:
    """0701017246 is also the personnummer of someone born on 1 January 2007: without the
    separators a phone number is written with, it is held for one, even as a `phone:`."""
    assert list(find_personnummer("  phone: 070-101 72 46\n")) == []
    assert list(find_personnummer("  phone: 0701017246\n")) != []
    assert list(find_personnummer("  phone: 0701017246  # samverkan: allow-personnummer\n")) == []


def test_true_records_hold_none() -> None:
    for path in DATA.rglob("*.yaml"):
        assert list(find_personnummer(path.read_text(encoding="utf-8"))) == [], path


def test_validate_flags_it_at_its_place(tree: Path, write: WriteFile) -> None:
    write("areas/sodra.yaml", AREA.replace("name: Södra", "name: Södra  # kontakt 19121212-1212"))
    report = json.loads(run_cli("validate", "--data", tree, "--format", "json").output)
    assert [
        (d["code"], d["line"], d["column"])
        for d in report["diagnostics"]
        if d["code"] != "modeline"
    ] == [("personnummer", 2, 24)]
    write(
        "areas/sodra.yaml",
        AREA.replace("name: Södra", "name: Södra 121212-1212  # samverkan: allow-personnummer"),
    )
    assert run_cli("validate", "--data", tree).exit_code == 0


def test_it_is_found_even_in_a_file_that_does_not_parse(tree: Path, write: WriteFile) -> None:
    write("areas/sodra.yaml", "id: [\nnamn: 19121212-1212\n")
    report = json.loads(run_cli("validate", "--data", tree, "--format", "json").output)
    assert "personnummer" in {d["code"] for d in report["diagnostics"]}


@given(st.integers(min_value=0, max_value=999_999_999))
def test_luhn_check_digit_is_unique(number: int) -> None:
    digits = f"{number:09d}"
    valid = [d for d in range(10) if luhn_valid(f"{digits}{d}")]
    assert len(valid) == 1
