"""The editor as a user has it: yaml-language-server (the YAML support in VS Code), driven over
LSP on stdio, on a repository set up by `samverkan init`. A good record has no problems; a bad
one has Swedish messages at the right lines; completion inserts nothing that is not valid.

The server comes from npm: .ci/run installs it and names it in SAMVERKAN_YAML_LANGUAGE_SERVER
(and then the test never skips). Without the variable the test installs it itself into a cache
folder where npm is at hand, and is skipped only where node or npm is missing."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from conftest import DATA, run_cli

VERSION = "1.25.0"
"""yaml-language-server's version, as .ci/run installs it (2.x needs Node 22)."""
TIMEOUT = 20.0


def _installed() -> Path:
    named = os.environ.get("SAMVERKAN_YAML_LANGUAGE_SERVER")
    if named:
        path = Path(named)
        assert path.is_file(), f"SAMVERKAN_YAML_LANGUAGE_SERVER={named} is not a file"
        return path
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("node and npm are needed for the editor test in CI")
        pytest.skip("node or npm is not installed")
    prefix = Path(tempfile.gettempdir()) / f"samverkan-yaml-language-server-{VERSION}"
    server = prefix / "node_modules" / ".bin" / "yaml-language-server"
    if not server.is_file():
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(prefix),
                f"yaml-language-server@{VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return server


class Client:
    """Just enough of an LSP client: requests, notifications, and answers to the server's
    own requests (its settings come from `settings`)."""

    def __init__(self, server: Path, settings: dict[str, Any]) -> None:
        self.process = subprocess.Popen(
            ["node", str(server), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.settings = settings
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if line == b"":
                return
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin: IO[bytes] | None = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        return self._until(lambda message: message.get("id") == wanted and "method" not in message)[
            "result"
        ]

    def _until(self, done: Any) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("yaml-language-server did not answer in time")
            message = self.messages.get(timeout=remaining)
            if "method" in message and "id" in message:  # the server asks
                self._answer(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
            if done(message):
                return message

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [
                self.settings if item.get("section") == "yaml" else {}
                for item in message["params"]["items"]
            ]
        self._send({"id": message["id"], "result": result})

    def diagnostics_of(self, uri: str) -> list[dict[str, Any]]:
        self._until(
            lambda message: (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
            )
        )
        return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except (AssertionError, OSError, subprocess.TimeoutExpired, queue.Empty):
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server() -> Path:
    return _installed()


@pytest.fixture
def editor(server: Path, tmp_path: Path) -> Iterator[tuple[Client, Path]]:
    """yaml-language-server on a data repository set up by `samverkan init`, with no schema
    settings of its own: the records' modelines name the schemas."""
    assert run_cli("init", tmp_path).exit_code == 0
    client = Client(
        server,
        {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}},
    )
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": tmp_path.as_uri(),
            "capabilities": {
                "workspace": {"configuration": True},
                "textDocument": {
                    "completion": {"completionItem": {"snippetSupport": True}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {},
                },
            },
        },
    )
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": {}})
    try:
        yield client, tmp_path
    finally:
        client.close()


def _open(client: Client, path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
    )
    return uri


PROMISE = (DATA / "promises" / "norrmalm" / "norrmalm-2022.yaml").read_text(encoding="utf-8")


def _line_of(text: str, fragment: str) -> int:
    """The 0-based line that holds `fragment`, as LSP counts."""
    return next(number for number, line in enumerate(text.splitlines()) if fragment in line)


def test_a_true_record_has_no_problems_in_the_editor(editor: tuple[Client, Path]) -> None:
    client, repo = editor
    for relative in ("promises/norrmalm/norrmalm-2022.yaml", "areas/husby.yaml"):
        text = (DATA / relative).read_text(encoding="utf-8")
        uri = _open(client, repo / "data" / relative, text)
        assert client.diagnostics_of(uri) == [], relative


def test_a_bad_record_has_swedish_messages_at_the_right_lines(editor: tuple[Client, Path]) -> None:
    client, repo = editor
    text = (
        PROMISE.replace("kind: count", "kind: antal", 1)
        .replace("minimum: 8", "minimum: 0", 1)
        .replace("title: Medborgarlöfte", "titel: Medborgarlöfte", 1)
    )
    uri = _open(client, repo / "data/promises/norrmalm/norrmalm-2022.yaml", text)
    found = {(d["range"]["start"]["line"], d["message"]) for d in client.diagnostics_of(uri)}
    assert (
        _line_of(text, "kind: antal"),
        "Typ: ska vara en av 'count', 'milestone', 'indicator', 'areas', 'revision_due'",
    ) in found, found
    assert (
        _line_of(text, "minimum: 0"),
        "Minst: ska vara ett heltal från 1 till 1\u00a0000\u00a0000\u00a0000, t.ex. 8",
    ) in found, found
    title_line = _line_of(text, "titel: Medborgarlöfte")
    unknown = [message for line, message in found if line == title_line]
    assert unknown == [
        "Medborgarlöfte: ska vara en mappning med nycklarna id, access, issuers, year, period,"
        " extends, title, summary, signed_by, dialogues, commitments, activities och sources;"
        " id, issuers och title måste finnas"
    ], found
    english = ("Value must", "not allowed", "Missing property", "Incorrect type")
    assert not any(word in message for _, message in found for word in english), found


def _completion(client: Client, uri: str, line: int, character: int) -> list[dict[str, Any]]:
    result = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
    )
    return list(result["items"] if isinstance(result, dict) else result)


def test_completion_inserts_no_null_and_valid_targets(editor: tuple[Client, Path]) -> None:
    client, repo = editor
    uri = _open(client, repo / "data/promises/norrmalm/norrmalm-2022.yaml", PROMISE)
    client.diagnostics_of(uri)
    lines = PROMISE.splitlines()
    at = _line_of(PROMISE, "unit: trygghetsvandringar")
    indent = len(lines[at]) - len(lines[at].lstrip())
    # A new key in a count target, after its `unit:`.
    lines.insert(at + 1, " " * indent)
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": "\n".join(lines) + "\n"}],
        },
    )
    keys = {
        item["label"]: item.get("insertText", "")
        for item in _completion(client, uri, at + 1, indent)
    }
    assert {"note", "period", "unit_singular"} <= set(keys), keys
    assert keys["note"] == "note: ${1:Räknas per kvarter.}"
    assert all("null" not in text for text in keys.values()), keys
    # A new target in the list: one snippet per kind, each valid as inserted.
    lines[at + 1] = " " * (indent - 2) + "- "
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"text": "\n".join(lines) + "\n"}],
        },
    )
    items = {
        item["label"]: item.get("insertText", "")
        for item in _completion(client, uri, at + 1, indent)
    }
    assert "minimum: ${2:8}" in items["Antalsmål (count)"], items
    assert "maximum: ${3:0}" in items["Områdesmål (areas)"], items
    assert not any("minimum: ${1:0}" in text or "minimum: 0" in text for text in items.values())
    assert all("null" not in text for text in items.values()), items


def test_hover_shows_a_description_and_an_example(editor: tuple[Client, Path]) -> None:
    client, repo = editor
    text = (DATA / "areas" / "husby.yaml").read_text(encoding="utf-8")
    uri = _open(client, repo / "data/areas/husby.yaml", text)
    client.diagnostics_of(uri)
    line = _line_of(text, "police_area:")
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}},
    )
    shown = (
        hover["contents"]["value"]
        if isinstance(hover["contents"], dict)
        else str(hover["contents"])
    )
    assert "Lokalpolisområde" in shown
    assert "Id för lokalpolisområdet" in shown
    assert "lpo-rinkeby" in shown
