"""Slow tier: `make run` at a terminal, both development servers, stopped with one Ctrl-C."""

import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.templates.projects import project_env
from tests.terminal import Terminal

pytestmark = pytest.mark.slow

# The development servers' ports, as the project's Makefile has them: Django's, the API's.
PORTS = {"admin": 8001, "api": 8000}


def taken(port: int) -> bool:
    """Whether a server still listens on the port: binding it, as the next one would, fails."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def answers(port: int) -> bool:
    """Whether an HTTP server answers there (a reloader's socket accepts before its app is up)."""
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
    except httpx.TransportError:
        return False
    return True


def test_one_ctrl_c_stops_both_servers_quietly(monorepo: Path) -> None:
    """Ctrl-C on `make run` stops Django's and the API's reloading servers: make ends at once
    (killed by the SIGINT, as after any interrupt, with nothing reported), no traceback, and both
    ports free for the next `make run`. Three times over: a server left behind was intermittent."""
    busy = [port for port in PORTS.values() if taken(port)]
    assert not busy, f"ports {busy} are taken: `make run` needs them"
    for attempt in range(3):
        terminal = Terminal(["run"], monorepo, project_env(), command=["make"])
        try:
            terminal.expect("Quit the server with CONTROL-C", timeout=60)
            terminal.expect("Application startup complete", timeout=60)
            deadline = time.monotonic() + 10
            while not all(map(answers, PORTS.values())):
                assert time.monotonic() < deadline, terminal.text
                time.sleep(0.1)
            started = len(terminal.text)

            terminal.type("\x03")
            code = terminal.wait(timeout=10)
        finally:
            terminal.kill()

        stopping = terminal.text[started:]
        assert code == -signal.SIGINT, f"attempt {attempt}: exit {code}\n{terminal.text}"
        assert "Traceback" not in stopping, stopping
        # make's report of a recipe that failed: "Error 130", "Interrupt", "Segmentation fault".
        assert "make: ***" not in stopping, stopping
        assert not [port for port in PORTS.values() if taken(port)], terminal.text
