"""`samverkan init`: a separate data repository gets the schemas its modelines point at and
VS Code's settings, from one command; running it again changes nothing, and what someone
changed by hand is kept unless --force."""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA, REPO, run_cli
from helpers import git
from ruamel.yaml import YAML

from samverkan_cli.output.editor import (
    HOOK,
    PRE_COMMIT_CONFIG,
    PRE_COMMIT_TEXT,
    json_text,
    vscode_extensions,
    vscode_settings,
)
from samverkan_cli.records.modeline import PREFIX, modeline_for, schema_filename
from samverkan_cli.records.models import KINDS, kind_for_path
from samverkan_cli.records.schema import schema_text


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_init_writes_the_schemas_and_vscode_settings(tmp_path: Path) -> None:
    repo = tmp_path / "kommunens-data"
    result = run_cli("init", repo)
    assert result.exit_code == 0, result.output
    for kind in KINDS:
        schema = repo / "schemas" / schema_filename(kind)
        assert schema.read_text(encoding="utf-8") == schema_text(kind)
        assert f"{schema.as_posix()}: skriven" in result.output
    settings = json.loads((repo / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings == vscode_settings()
    extensions = json.loads((repo / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}


def test_the_modelines_of_every_kind_resolve_after_init(tmp_path: Path) -> None:
    run_cli("init", tmp_path)
    for kind in KINDS:
        parts = [p.replace("*", "x").replace("{", "").replace("}", "") for p in kind.parts]
        record = tmp_path / "data" / Path(*parts)
        assert (record.parent / modeline_for(kind).removeprefix(PREFIX)).resolve().is_file()


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    run_cli("init", tmp_path)
    before = _files(tmp_path)
    again = run_cli("init", tmp_path)
    assert again.exit_code == 0
    files, steps = again.output.split("\nNästa steg:\n")
    assert all(line.endswith(": oförändrad") for line in files.splitlines())
    assert "pre-commit install" in steps
    assert _files(tmp_path) == before


def test_a_schema_changed_by_hand_is_kept_unless_forced(tmp_path: Path) -> None:
    run_cli("init", tmp_path)
    schema = tmp_path / "schemas" / "area.schema.json"
    schema.write_text('{"title": "vårt eget"}\n', encoding="utf-8")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 1
    assert f"{schema.as_posix()}: ändrad för hand, skrivs inte över" in result.output
    assert "1 fil som ändrats för hand lämnades orörd" in result.output
    assert schema.read_text(encoding="utf-8") == '{"title": "vårt eget"}\n'
    forced = run_cli("init", tmp_path, "--force")
    assert forced.exit_code == 0
    assert schema.read_text(encoding="utf-8") == schema_text(KINDS[5])


def test_a_schema_init_wrote_is_brought_up_to_date(tmp_path: Path) -> None:
    """An older samverkan's schema, not touched since: the new one replaces it."""
    run_cli("init", tmp_path)
    schema = tmp_path / "schemas" / "promise.schema.json"
    older = '{"title": "Medborgarlöfte, äldre version"}\n'
    schema.write_text(older, encoding="utf-8")
    manifest = tmp_path / "schemas" / ".samverkan-init.json"
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    import hashlib

    recorded["schemas/promise.schema.json"] = hashlib.sha256(older.encode()).hexdigest()
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"{schema.as_posix()}: uppdaterad" in result.output
    assert schema.read_text(encoding="utf-8") == schema_text(KINDS[4])


def test_the_users_own_settings_are_kept(tmp_path: Path) -> None:
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(
        '{"editor.tabSize": 2, "yaml.schemas": {"./annat.json": ["annat/*.yaml"]}}',
        encoding="utf-8",
    )
    (tmp_path / ".vscode" / "extensions.json").write_text(
        '{"recommendations": ["ms-python.python"]}', encoding="utf-8"
    )
    assert run_cli("init", tmp_path).exit_code == 0
    merged = json.loads(settings.read_text(encoding="utf-8"))
    assert merged["editor.tabSize"] == 2
    assert merged["yaml.schemas"]["./annat.json"] == ["annat/*.yaml"]
    assert merged["yaml.schemas"]["./schemas/area.schema.json"] == ["data/areas/*.yaml"]
    extensions = json.loads((tmp_path / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["ms-python.python", "redhat.vscode-yaml"]


def test_settings_with_comments_are_not_rewritten_unless_forced(tmp_path: Path) -> None:
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    text = '{\n  // vår egen kommentar\n  "editor.tabSize": 2\n}\n'
    settings.write_text(text, encoding="utf-8")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 1
    assert "kan inte läsas som JSON, skrivs inte över" in result.output
    assert settings.read_text(encoding="utf-8") == text


def test_this_repository_ships_the_settings_init_writes() -> None:
    assert (REPO / ".vscode/settings.json").read_text(encoding="utf-8") == json_text(
        vscode_settings()
    )
    assert (REPO / ".vscode/extensions.json").read_text(encoding="utf-8") == json_text(
        vscode_extensions()
    )


def test_the_settings_give_every_record_file_its_own_kinds_schema() -> None:
    mapping = vscode_settings()["yaml.schemas"]
    for path in sorted(DATA.rglob("*.yaml")):
        relative = path.relative_to(REPO).as_posix()
        matched = [
            schema
            for schema, globs in mapping.items()
            for glob in globs
            if fnmatch.fnmatch(relative, glob) and relative.count("/") == glob.count("/")
        ]
        found = kind_for_path(path.relative_to(DATA).parts)
        assert found is not None
        assert matched == [f"./schemas/{schema_filename(found[0])}"], relative


def test_init_into_a_file_cannot_run(tmp_path: Path) -> None:
    target = tmp_path / "fil"
    target.write_text("x", encoding="utf-8")
    result = run_cli("init", target)
    assert result.exit_code == 2


def test_init_writes_a_pre_commit_hook_that_pre_commit_runs(repo: Path) -> None:
    """In a data repository, init's hook is one pre-commit accepts and runs: it passes a good
    commit and stops one that deletes a record others point at."""
    assert run_cli("init", repo).exit_code == 0
    config = repo / PRE_COMMIT_CONFIG
    assert config.read_text(encoding="utf-8") == PRE_COMMIT_TEXT
    environment = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "home")}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    environment["SAMVERKAN_CACHE"] = "0"

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args],
            cwd=repo,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert pre_commit("validate-config", PRE_COMMIT_CONFIG).returncode == 0
    git(repo, "add", "-A")
    passed = pre_commit("run")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "samverkan validate" in passed.stdout and "Passed" in passed.stdout
    git(repo, "rm", "-q", "data/organisations/teststad.yaml")
    failed = pre_commit("run")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "kommun 'teststad' finns inte" in failed.stdout


def test_init_adds_its_hook_to_a_pre_commit_config_and_keeps_every_other_line(
    tmp_path: Path,
) -> None:
    config = tmp_path / PRE_COMMIT_CONFIG
    own = (
        "# mina krokar\n"
        "repos:\n"
        "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
        "    rev: v4.6.0  # låst\n"
        "    hooks:\n"
        "      - id: trailing-whitespace\n"
    )
    config.write_text(own, encoding="utf-8")
    config.chmod(0o640)
    result = run_cli("init", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"{config.as_posix()}: uppdaterad" in result.output
    text = config.read_text(encoding="utf-8")
    assert text.startswith(own)
    added = YAML(typ="safe").load(text)["repos"]
    assert added[1] == {"repo": "local", "hooks": [HOOK]}
    assert config.stat().st_mode & 0o777 == 0o640
    again = run_cli("init", tmp_path)
    assert f"{config.as_posix()}: oförändrad" in again.output
    assert config.read_text(encoding="utf-8") == text


def test_a_pre_commit_config_init_cannot_read_is_never_written_over(tmp_path: Path) -> None:
    config = tmp_path / PRE_COMMIT_CONFIG
    for text in ("repos: [\n", "- en lista\n", "repos: ingen lista\n"):
        config.write_text(text, encoding="utf-8")
        result = run_cli("init", tmp_path, "--force")
        assert result.exit_code == 1
        assert "kan inte läsas som en pre-commit-konfiguration" in result.output
        assert config.read_text(encoding="utf-8") == text


def test_the_hook_init_writes_is_the_hook_this_repository_ships_and_uses() -> None:
    """One hook: .pre-commit-hooks.yaml (for `repo:` use) runs what init's local hook runs, and
    this repository's own configuration is the one init writes."""
    [shipped] = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {**shipped, "language": "system"} == {
        **HOOK,
        "description": shipped["description"],
    }
    assert (REPO / PRE_COMMIT_CONFIG).read_text(encoding="utf-8") == PRE_COMMIT_TEXT
