"""Typst is the optional extra `pdf` (`pip install 'samverkan[pdf]'`): without it, checking and
Markdown work as before, and asking for a PDF says what to install. The missing module is
simulated by a `typst` first on the path that fails to import, as a missing one does, in the
process and in the confined one it starts for templates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

CHECKOUT = Path(__file__).resolve().parent.parent


@pytest.fixture
def hidden(tmp_path: Path) -> Path:
    """A directory whose `typst` cannot be imported."""
    directory = tmp_path / "without-typst"
    directory.mkdir()
    (directory / "typst.py").write_text("raise ImportError(\"No module named 'typst'\")\n")
    return directory


def _without_typst(hidden: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(hidden), str(CHECKOUT)])
    environment = {**os.environ, "PYTHONPATH": path, "SAMVERKAN_CACHE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "samverkan_cli", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_a_pdf_without_typst_exits_2_and_says_what_to_install(tmp_path: Path, hidden: Path) -> None:
    target = tmp_path / "rapport.pdf"
    for args in (
        ["report", "--format", "pdf", "-o", target],
        ["remiss", "render", "ks-2024-9", "--format", "pdf", "-o", target],
    ):
        result = _without_typst(hidden, *args, "--data", FIXTURES / "minimal")
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            "samverkan: PDF kräver Typst, som inte är installerat; installera det med"
            " pip install 'samverkan[pdf]' (eller skriv Markdown med --format md)\n"
        )
        assert "Traceback" not in result.stderr
        assert not target.exists()


def test_validate_and_markdown_need_no_typst(tmp_path: Path, hidden: Path) -> None:
    checked = _without_typst(hidden, "validate", "--data", FIXTURES / "minimal")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("13 filer, 0 fel")
    # A user's templates run in a confined process, which must not need Typst either.
    (tmp_path / "mallar").mkdir()
    (tmp_path / "mallar" / "areas.md.j2").write_text("Egen mall\n", encoding="utf-8")
    report = _without_typst(
        hidden,
        "report",
        "areas",
        "--data",
        FIXTURES / "minimal",
        "--templates",
        tmp_path / "mallar",
    )
    assert report.returncode == 0, report.stderr
    assert report.stdout == "Egen mall\n"
