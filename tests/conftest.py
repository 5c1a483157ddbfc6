"""Shared helpers: fixture trees on disk and the CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from samverkan_cli.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
DATA = REPO / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _own_cache_directory(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test its own user cache directory (XDG_CACHE_HOME): none shares the user's."""
    home = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def run_cli(*args: str | Path) -> Result:
    """Run samverkan in-process; a crash (not a clean exit) fails the test."""
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"samverkan crashed: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the minimal valid (invented) data tree, to change in a test."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


AREA = """\
id: sodra
name: Södra
municipality: teststad
police_area: lpo-centrum
region: polisregion-testregion
classifications:
  - assessment: "2021"
    level: utsatt område
"""
"""An invented area that fits the minimal tree, for tests to add or spoil."""

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def write(tree: Path) -> WriteFile:
    """Write a file (text or bytes) at a path relative to the tree."""

    def write_file(relative: str, content: str | bytes) -> Path:
        path = tree / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    """A git repository with the fixture tree committed on main, checked out on a branch, as
    the working directory."""
    from helpers import committed_repository, git

    with committed_repository(tmp_path / "repo", FIXTURES / "minimal") as root:
        git(root, "checkout", "-q", "-b", "andring")
        yield root
