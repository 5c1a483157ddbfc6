"""Bad input: the right code at the right line, exit 1, no traceback, other files still checked."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from conftest import AREA, WriteFile, run_cli


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous, current = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{current}: &{current} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


CASES: list[tuple[str, str | bytes, str, int, int]] = [
    ("yaml-syntax", "id: sodra\nname: [Södra\nregion: x\n", "yaml-syntax", 3, 7),
    ("tab", "id: sodra\nname: Södra\n\tregion: testregion\n", "yaml-tab", 3, 1),
    (
        "duplicate-key",
        AREA.replace("name: Södra\n", "name: Södra\nname: Syd\n"),
        "yaml-duplicate-key",
        3,
        1,
    ),
    ("unknown-key", AREA.replace("name:", "nmae:"), "unknown-key", 2, 1),
    (
        "wrong-type",
        AREA.replace("classifications:\n", "classifications: många\n").split("  - ")[0],
        "wrong-type",
        6,
        18,
    ),
    (
        "impossible-date",
        AREA + '  - assessment: "2021"\n    level: riskområde\n'.replace('"2021"', "2023-02-30"),
        "invalid-date",
        9,
        17,
    ),
    (
        "missing-reference",
        AREA.replace("police_area: lpo-centrum", "police_area: lpo-centrun"),
        "unknown-reference",
        4,
        14,
    ),
    ("duplicate-id", AREA.replace("id: sodra", "id: norra"), "duplicate-id", 1, 5),
    ("empty-file", "", "empty-file", 1, 1),
    ("list-at-top", "- id: sodra\n- name: Södra\n", "not-a-mapping", 1, 1),
    ("invalid-utf8", b"id: sodra\nname: S\xf6dra\n", "encoding", 2, 8),
    ("python-tag", "id: !!python/object/apply:os.system ['echo hej']\n", "yaml-tag", 1, 5),
    ("alias-bomb", _bomb(), "yaml-too-large", 6, 11),
    ("deep-nesting", "id: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-too-deep", 1, 68),
    ("deep-block-nesting", "- " * 3000 + "x\n", "yaml-too-deep", 1, 129),
]


@pytest.mark.parametrize(
    ("content", "code", "line", "column"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_file_is_reported_exactly(
    tree: Path, write: WriteFile, content: str | bytes, code: str, line: int, column: int
) -> None:
    bad = write("areas/sodra.yaml", content)
    # A second, independent problem elsewhere: it must be reported in the same run.
    other = write("organisations/annan.yaml", "id: annan\nnamn: Annan\ntype: kommun\n")
    started = time.perf_counter()
    result = run_cli("validate", "--data", tree, "--format", "json")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    found = [(d["path"], d["code"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert (str(bad), code, line, column) in found, found
    assert (str(other), "unknown-key", 2, 1) in found, found
    assert report["files"] == 15
    assert elapsed < 10  # generous: refusing a bomb must not mean expanding it


def test_text_format_is_path_line_column_code_message(tree: Path, write: WriteFile) -> None:
    bad = write("areas/sodra.yaml", AREA.replace("name:", "nmae:"))
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{bad}:2:1: error[unknown-key]: okänd nyckel 'nmae'; menade du 'name'?" in lines
    assert lines[-1] == "14 filer, 2 fel, 1 varning"  # sodra.yaml has no modeline


def test_bom_and_crlf_pass(tree: Path, write: WriteFile) -> None:
    write("areas/sodra.yaml", b"\xef\xbb\xbf" + AREA.replace("\n", "\r\n").encode("utf-8"))
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 0, result.output


def test_crlf_positions_are_exact(tree: Path, write: WriteFile) -> None:
    content = "\ufeff" + AREA.replace("police_area: lpo-centrum", "police_area: lpo-centrun")
    write("areas/sodra.yaml", content.replace("\n", "\r\n").encode("utf-8"))
    report = json.loads(run_cli("validate", "--data", tree, "--format", "json").output)
    found = [(d["line"], d["column"]) for d in report["diagnostics"] if d["code"] != "modeline"]
    assert found == [(4, 14)]


def test_did_you_mean_for_enum_and_id(tree: Path, write: WriteFile) -> None:
    write(
        "areas/sodra.yaml",
        AREA.replace("level: utsatt område", "level: utsat område").replace(
            "region: polisregion-testregion", "region: polisregion-testregio"
        ),
    )
    output = run_cli("validate", "--data", tree).output
    assert "menade du 'utsatt område'?" in output
    # Reference checks run on records that pass their schema; fix the enum and look again.
    write(
        "areas/sodra.yaml",
        AREA.replace("region: polisregion-testregion", "region: polisregion-testregio"),
    )
    output = run_cli("validate", "--data", tree).output
    assert (
        "polisregion 'polisregion-testregio' finns inte; menade du 'polisregion-testregion'?"
        in output
    )


def test_warning_alone_exits_0(tree: Path, write: WriteFile) -> None:
    write("areas/notes.yml", "id: x\n")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 0
    assert "warning[unknown-file]" in result.output
    assert result.output.splitlines()[-1] == "13 filer, 0 fel, 1 varning"


def test_paths_limit_the_report_but_not_the_checks(tree: Path, write: WriteFile) -> None:
    write("areas/sodra.yaml", AREA.replace("police_area: lpo-centrum", "police_area: lpo-centrun"))
    write("organisations/annan.yaml", "id: annan\nnamn: Annan\ntype: kommun\n")
    result = run_cli("validate", "--data", tree, tree / "areas")
    assert result.exit_code == 1
    assert "lpo-centrun" in result.output
    assert "annan.yaml" not in result.output
    assert result.output.splitlines()[-1] == "2 filer, 1 fel, 1 varning"  # sodra's modeline


def test_json_format_shape(tree: Path, write: WriteFile) -> None:
    write("areas/sodra.yaml", "")
    report = json.loads(run_cli("validate", "--data", tree, "--format", "json").output)
    assert set(report) == {"files", "errors", "warnings", "diagnostics"}
    assert report["errors"] == 1
    assert set(report["diagnostics"][0]) == {
        "path",
        "line",
        "column",
        "severity",
        "code",
        "message",
    }


# Pydantic's errors in Swedish (issue 16, point 7): every kind a user can hit, table-driven.

FOLLOWUP = "agreements/testavtal/followups/mars-2021.yaml"
PROMISE = "promises/centrum/centrum-2022.yaml"
AGREEMENT = "agreements/testavtal/agreement.yaml"
ENGLISH = re.compile(
    r"\b(Input|should|valid|must|got|number|integer|List|String|items|characters|Field|"
    r"required|Value error|Assertion)\b"
)

PYDANTIC_CASES = [
    ("infinite", FOLLOWUP, "value: 35", "value: .inf", "talet måste vara ändligt"),
    ("nan", FOLLOWUP, "value: 35", "value: .nan", "talet måste vara ändligt"),
    ("fraction", PROMISE, "minimum: 8", "minimum: 8.5", "väntade ett heltal, fick talet 8,5"),
    ("text-for-int", PROMISE, "minimum: 8", "minimum: åtta", "väntade ett heltal, fick texten"),
    ("text-for-float", FOLLOWUP, "value: 35", "value: mycket", "väntade ett tal, fick texten"),
    (
        "date-for-text",
        PROMISE,
        "title: Otrygga platser",
        "title: 2022-01-01",
        "väntade en text, fick datumet 2022-01-01",
    ),
    (
        "timestamp-for-text",
        PROMISE,
        "title: Otrygga platser",
        "title: 2001-12-14 21:59:43",
        "väntade en text, fick tidpunkten 2001-12-14 21:59:43",
    ),
    ("null-for-text", PROMISE, "title: Otrygga platser", "title: null", "fick ingenting"),
    ("too-small", PROMISE, "year: 2022", "year: 1999", "värdet måste vara minst 2000"),
    ("too-large", PROMISE, "year: 2022", "year: 2200", "värdet får vara högst 2100"),
    ("empty-text", PROMISE, "title: Otrygga platser", 'title: ""', "värdet får inte vara tomt"),
    (
        "one-party",
        AGREEMENT,
        "  - name: Polisregion Test\n    organisation: polisregion-testregion\n",
        "",
        "listan måste ha minst 2 poster, har 1",
    ),
    ("text-for-list", PROMISE, "issuers:\n  - lpo-centrum\n  - teststad", "issuers: x", "en lista"),
    ("text-for-mapping", PROMISE, "activities:\n", "activities:\n  - hej\n", "en mappning"),
]


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [case[1:] for case in PYDANTIC_CASES],
    ids=[case[0] for case in PYDANTIC_CASES],
)
def test_pydantic_errors_are_in_swedish(
    tree: Path, path: str, old: str, new: str, message: str
) -> None:
    file = tree / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    assert message in result.output, result.output
    assert not ENGLISH.search(result.output), result.output


def test_every_pydantic_error_type_has_a_swedish_message() -> None:
    """No pydantic error type, reachable or not, passes its English message through."""
    import typing

    from pydantic import BaseModel
    from pydantic_core import ErrorDetails
    from pydantic_core.core_schema import ErrorType

    from samverkan_cli.loading.model_errors import _describe

    ours = {"value_error", "assertion_error"}  # our validators' own (Swedish) messages
    kinds = typing.get_args(ErrorType)
    assert len(kinds) > 100
    for kind in kinds:
        if kind in ours:
            continue
        details: ErrorDetails = {
            "type": kind,
            "loc": ("x",),
            "msg": "Input should be valid",
            "input": "x",
            "ctx": {},
        }
        _, message, _ = _describe(details, BaseModel, {}, ("x",))
        assert not ENGLISH.search(message), (kind, message)
