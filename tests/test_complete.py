"""Every output says when it is not the whole of the records: the same count of errors as
`validate`, a notice at the top of every document naming what is left out, exit 1 while the
output is still written; and a record with a personnummer is never published."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import WriteFile, run_cli
from helpers import git

ORIGINAL = "promises/centrum/centrum-2022.yaml"
PERSONNUMMER = "121212-1212"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def _spoil(tree: Path, write: WriteFile) -> int:
    """Each kind of error: a promise failing its schema, an activity pointing at a misspelt
    target, a YAML file where no record kind belongs. Returns validate's count of errors."""
    original = (tree / ORIGINAL).read_text(encoding="utf-8")
    broken = original.replace("2022", "2023").replace("minimum: 8", "minimum: åtta")
    write("promises/centrum/centrum-2023.yaml", broken)
    misspelt = original.replace("    target: trygghetsvandringar", "    target: trygghetsvandring")
    write(ORIGINAL, misspelt)
    write("medborgarloften/2023.yaml", "id: x\n")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    found = re.search(r"(\d+) fel", result.output.splitlines()[-1])
    assert found is not None
    errors = int(found.group(1))
    assert errors >= 3
    return errors


def test_a_yaml_file_where_no_record_belongs_is_an_error(tree: Path, write: WriteFile) -> None:
    write("medborgarloften/2023.yaml", "id: x\n")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    assert "error[unknown-place]" in result.output


def test_status_says_it_is_incomplete_with_validates_count(tree: Path, write: WriteFile) -> None:
    errors = _spoil(tree, write)
    table = run_cli("status", "--data", tree, "--as-of", "2022-12-31")
    assert table.exit_code == 1
    assert f"{errors} fel i posterna" in table.stderr
    assert "Ofullständig" in table.stdout
    assert "2023.yaml (kunde inte läsas)" in table.stdout
    shown = run_cli("status", "--data", tree, "--as-of", "2022-12-31", "--format", "json")
    assert shown.exit_code == 1
    report = json.loads(shown.stdout)
    assert report["complete"] is False and report["errors"] == errors
    assert any(path.endswith("promises/centrum/centrum-2023.yaml") for path in report["left_out"])
    assert any(path.endswith(ORIGINAL) for path in report["with_errors"])


def test_fail_on_fails_closed(tree: Path, write: WriteFile) -> None:
    _spoil(tree, write)
    result = run_cli("status", "--data", tree, "--as-of", "2022-12-31", "--fail-on", "ej-uppnatt")
    assert result.exit_code == 1
    assert "--fail-on kan inte avgöras" in result.stderr


def test_status_of_a_record_that_could_not_be_read_says_where(tree: Path, write: WriteFile) -> None:
    _spoil(tree, write)
    result = run_cli("status", "--data", tree, "centrum-2023")
    assert result.exit_code == 1
    assert "ingen post med id" not in result.output
    assert "posten 'centrum-2023' i " in result.stderr
    assert "promises/centrum/centrum-2023.yaml kunde inte läsas" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("report",),
        ("report", "promise", "centrum-2022"),
        ("report", "agreement", "testavtal"),
        ("report", "areas"),
        ("remiss", "render", "ks-2024-9"),
    ],
)
def test_every_document_has_the_notice_and_exits_1(
    tree: Path, write: WriteFile, tmp_path: Path, args: tuple[str, ...]
) -> None:
    errors = _spoil(tree, write)
    markdown = run_cli(*args, "--data", tree, "--as-of", "2022-12-31")
    assert markdown.exit_code == 1
    assert f"{errors} fel i posterna" in markdown.stderr
    head = markdown.stdout.split("\n\n", 3)
    assert any(f"Posterna har {errors} fel" in part for part in head)
    assert "2023.yaml (kunde inte läsas)" in markdown.stdout
    target = tmp_path / "r.pdf"
    pdf = run_cli(*args, "--data", tree, "--as-of", "2022-12-31", "--format", "pdf", "-o", target)
    assert pdf.exit_code == 1 and target.exists()
    text = _pdf_text(target)
    assert f"Posterna har {errors} fel" in text and "kunde inte läsas" in text


def test_a_whole_tree_has_no_notice_and_exits_0(tree: Path) -> None:
    result = run_cli("report", "--data", tree, "--as-of", "2022-12-31")
    assert result.exit_code == 0 and "Ofullständig" not in result.stdout
    shown = json.loads(run_cli("status", "--data", tree, "--format", "json").stdout)
    assert shown["complete"] is True and shown["errors"] == 0


def test_a_record_with_a_personnummer_is_never_published(
    tree: Path, write: WriteFile, tmp_path: Path
) -> None:
    original = (tree / ORIGINAL).read_text(encoding="utf-8")
    secret = original.replace("2022", "2023").replace("vid torget.", f"vid {PERSONNUMMER}.")
    write("promises/centrum/2023.yaml", secret.replace("Otrygga platser", "Hemliga platser"))
    outputs = [
        run_cli("status", "--data", tree, "--format", "json"),
        run_cli("status", "--data", tree, "--details"),
        run_cli("report", "--data", tree),
        run_cli("report", "--data", tree, "--include-internal"),
        run_cli("report", "promise", "centrum-2022", "--data", tree),
        run_cli("remiss", "status", "--data", tree, "--format", "json"),
    ]
    for result in outputs:
        assert result.exit_code == 1
        assert PERSONNUMMER not in result.stdout and "Hemliga platser" not in result.stdout
        assert "centrum-2023" not in result.stdout.replace("centrum/2023.yaml", "")
    notice = outputs[2].stdout
    assert "2023.yaml (innehåller något som liknar ett personnummer)" in notice
    assert json.loads(outputs[0].stdout)["left_out"][0].endswith("promises/centrum/2023.yaml")
    refused = run_cli("report", "promise", "centrum-2023", "--data", tree)
    assert refused.exit_code == 2 and PERSONNUMMER not in refused.output
    target = tmp_path / "r.pdf"
    run_cli("report", "--data", tree, "--format", "pdf", "-o", target)
    text = _pdf_text(target)
    assert PERSONNUMMER not in text and "Hemliga platser" not in text
    assert "personnummer" in text


def test_diff_says_the_head_is_incomplete(
    tree: Path, write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tree.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Poster")
    errors = _spoil(tree, write)
    monkeypatch.chdir(repo)
    for output_format in ("text", "md", "json"):
        result = run_cli("diff", "HEAD", "--data", "data", "--format", output_format)
        assert result.exit_code == 1, result.output
        assert f"{errors} fel i posterna" in result.stderr
        if output_format == "json":
            found = json.loads(result.stdout)
            assert found["complete"] is False and found["errors"] == errors
        else:
            assert f"Posterna har {errors} fel" in result.stdout


def test_a_reference_to_a_record_that_could_not_be_read_says_so_once(
    tree: Path, write: WriteFile
) -> None:
    path = "organisations/lpo-centrum.yaml"
    write(path, (tree / path).read_text(encoding="utf-8") + "okänd: nyckel\n")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    assert "finns inte" not in result.output
    assert f"lokalpolisområde 'lpo-centrum' finns i {tree / path} men kunde inte läsas" in (
        result.output
    )
    assert "warning[unread-reference]" in result.output
    assert result.output.splitlines()[-1].split(", ")[1] == "1 fel"  # the one in its file
    status = run_cli("status", "--data", tree, "--format", "json")
    assert json.loads(status.stdout)["errors"] == 1


# The reference errors of a file come with its schema errors (issue 16, point 4).

AREA_FILE = "areas/norra.yaml"


def _errors(result_output: str) -> list[str]:
    return [line.split(": ", 2)[1] for line in result_output.splitlines() if ": error[" in line]


@pytest.mark.parametrize(
    ("path", "changes", "codes"),
    [
        (  # a schema error elsewhere in the file: the misspelt reference is told too
            AREA_FILE,
            [("name: Norra", "nmae: Norra"), ("police_area: lpo-centrum", "police_area: lpo-c")],
            ["error[missing-key]", "error[unknown-key]", "error[unknown-reference]"],
        ),
        (  # the reference field has its own schema error: that one only, never two
            AREA_FILE,
            [("police_area: lpo-centrum", "police_area: LPO Centrum")],
            ["error[invalid-value]"],
        ),
        (  # a reference in a list, and one naming an organisation of the wrong type
            "promises/centrum/centrum-2022.yaml",
            [
                ("minimum: 8", "minimum: åtta"),
                ("  - teststad\n", "  - teststa\n"),
                ("  - lpo-centrum\n", "  - teststad-stadshus-ab\n"),
            ],
            ["error[unknown-reference]", "error[wrong-type]"],
        ),
        (  # the areas that a later revision continues may be in the revision not read
            "agreements/testavtal/revisions/2020.yaml",
            [("signed: 2020-03\n", ""), ("agreement: testavtal", "agreement: testavtl")],
            ["error[invalid-value]", "error[unknown-reference]"],
        ),
        (  # an error of the whole record (no dated event) does not hide its references
            "agreements/testavtal/revisions/2024.yaml",
            [("remiss: 2024\n", ""), ("agreement: testavtal", "agreement: testavtl")],
            ["error[invalid-value]", "error[unknown-reference]"],
        ),
    ],
)
def test_reference_errors_come_with_the_schema_errors(
    tree: Path, write: WriteFile, path: str, changes: list[tuple[str, str]], codes: list[str]
) -> None:
    text = (tree / path).read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    write(path, text)
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    assert sorted(_errors(result.output)) == sorted(codes), result.output
    count = f"{len(codes)} fel"
    assert result.output.splitlines()[-1].split(", ")[1] == count
    assert "finns inte i detta" not in result.output
    for line in result.output.splitlines():
        if "warning[unread-reference]" in line:
            assert "kunde inte läsas; rätta felen där" in line
    status = run_cli("status", "--data", tree, "--format", "json")
    assert json.loads(status.stdout)["errors"] == len(codes)
