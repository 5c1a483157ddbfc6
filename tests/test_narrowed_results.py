"""A request smaller than the whole tree (`validate PATH…`, `--changed-since`, `--staged`)
is answered by narrowing the whole tree's kept result (checks/narrowing.py): the pre-commit
hook after a `samverkan validate` of the same tree reads no record. Whatever is changed and
asked for, the narrowed answer is the one a fresh check gives."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from helpers import committed_repository, git
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan_cli.speed.cache_dir import tree_directory

CHECKOUT = Path(__file__).resolve().parent.parent
FILES = sorted(
    path.relative_to(FIXTURES / "minimal").as_posix()
    for path in (FIXTURES / "minimal").rglob("*.yaml")
)
BREAKS = (
    ("id:", "idd:"),  # an unknown key and a missing one
    ("teststad", "teststat"),  # a reference to nothing
    ("lpo-centrum", "lpo-centrum"),  # no change
)


@contextmanager
def _cache(on: bool) -> Iterator[None]:
    before = os.environ.get("SAMVERKAN_CACHE")
    os.environ["SAMVERKAN_CACHE"] = "1" if on else "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["SAMVERKAN_CACHE"]
        else:
            os.environ["SAMVERKAN_CACHE"] = before


def _validate(*args: str, cache: bool) -> tuple[int, str]:
    with _cache(cache):
        result = run_cli("validate", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with committed_repository(tmp_path_factory.mktemp("narrowed"), FIXTURES / "minimal") as root:
        yield root


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    changes=st.dictionaries(st.sampled_from(FILES), st.sampled_from(BREAKS), max_size=3),
    staged=st.sets(st.sampled_from(FILES), max_size=3),
    paths=st.lists(st.sampled_from(["areas", "organisations", *FILES]), max_size=2),
)
def test_a_narrowed_result_is_the_fresh_one(
    checkout: Path,
    changes: dict[str, tuple[str, str]],
    staged: set[str],
    paths: list[str],
) -> None:
    try:
        for name, (old, new) in changes.items():
            path = checkout / "data" / name
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        if staged:
            git(checkout, "add", *(f"data/{name}" for name in staged))
        whole = _validate(cache=True)  # keeps the whole tree's result and its index
        assert whole == _validate(cache=False)
        shown = [f"data/{path}" for path in paths]
        for request in (
            ["--changed-since", "HEAD", *shown],
            ["--staged", *shown],
            shown,
        ):
            assert _validate(*request, cache=True) == _validate(*request, cache=False), request
    finally:
        git(checkout, "reset", "-q", "--hard")


def test_a_narrowed_request_reads_no_record(checkout: Path) -> None:
    """After a whole `validate`, `validate --staged` is answered from the kept result: no
    model is built, nor a record read."""
    area = checkout / "data" / "areas" / "norra.yaml"
    try:
        area.write_text(area.read_text(encoding="utf-8").replace("name:", "namn:"))
        git(checkout, "add", "data/areas/norra.yaml")
        environment = {**os.environ, "SAMVERKAN_CACHE": "1", "PYTHONPATH": str(CHECKOUT)}
        program = [sys.executable, "-m", "samverkan_cli", "validate"]
        subprocess.run(program, cwd=checkout, env=environment, check=False, capture_output=True)
        probe = (
            "import sys; from samverkan_cli.cli.entry import _validate;"
            " status = _validate(['validate', '--staged']);"
            " print(status, 'pydantic' in sys.modules, 'samverkan_cli.loading.reading' in"
            " sys.modules)"
        )
        found = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=checkout,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "data/areas/norra.yaml:" in found.stdout
        assert found.stdout.splitlines()[-1] == "1 False False"
        assert list(tree_directory(checkout / "data").glob("validate-*"))
    finally:
        git(checkout, "reset", "-q", "--hard")


def test_a_staged_deletion_is_checked_afresh(checkout: Path) -> None:
    """A removed file's references are told as removed ("tas bort i ändringen"), which the
    whole tree's result does not say: such a request is never narrowed."""
    try:
        _validate(cache=True)
        git(checkout, "rm", "-q", "data/organisations/teststad.yaml")
        code, output = _validate("--staged", cache=True)
        assert code == 1 and "tas bort i ändringen" in output
        assert (code, output) == _validate("--staged", cache=False)
    finally:
        git(checkout, "reset", "-q", "--hard")
