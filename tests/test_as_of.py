"""Dates respected: what was published after --as-of is neither shown nor counted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REPO, run_cli

EXAMPLES = REPO / "examples" / "exempelstad"
FOLLOWUP = "agreements/exempelavtal/followups/trygghetsmatning-2023.yaml"


def _indicator(data: Path, as_of: str) -> dict[str, object]:
    shown = json.loads(
        run_cli("status", "--data", data, "--as-of", as_of, "--format", "json").stdout
    )
    return next(
        target
        for record in shown["records"]
        for group in record["groups"]
        for target in group["targets"]
        if target["id"] == "otrygghet"
    )


def test_measurements_of_a_followup_published_later_are_not_counted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLES, data)
    # Published in November 2023: on 1 June 2023 its measurements are not yet known.
    assert _indicator(data, "2023-06-01")["status"] == "ingen data"
    assert _indicator(data, "2023-12-01")["status"] != "ingen data"


def test_a_followup_published_later_is_not_shown(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLES, data)
    before = run_cli("report", "agreement", "exempelavtal", "--data", data, "--as-of", "2023-06-01")
    after = run_cli("report", "agreement", "exempelavtal", "--data", data, "--as-of", "2023-12-01")
    assert before.exit_code == after.exit_code == 0
    assert "Trygghetsmätningen 2023" not in before.stdout
    assert "Trygghetsmätningen 2023" in after.stdout
    target = tmp_path / "r.pdf"
    run_cli(
        "report",
        "agreement",
        "exempelavtal",
        "--data",
        data,
        "--as-of",
        "2023-06-01",
        "--format",
        "pdf",
        "-o",
        target,
    )
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Trygghetsmätningen 2023" not in " ".join(text.split())
