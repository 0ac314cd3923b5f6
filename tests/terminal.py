"""The real `scaffold` CLI (or another program) at a pseudo-terminal, as a user at a keyboard
runs it."""

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

SCAFFOLD = (sys.executable, "-m", "scaffold")


class Terminal:
    """`python -m scaffold ARGS` (or `COMMAND ARGS`) with a pseudo-terminal as its stdin, stdout
    and stderr."""

    def __init__(
        self,
        args: Sequence[str | Path],
        cwd: Path,
        env: Mapping[str, str] | None = None,
        *,
        command: Sequence[str] = SCAFFOLD,
    ) -> None:
        primary, secondary = pty.openpty()
        self._fd = primary
        self.output = ""  # as printed, terminal escape sequences included
        self._process = subprocess.Popen(
            [*command, *map(str, args)],
            cwd=cwd,
            env={**os.environ, "TERM": "xterm", **(env or {})},
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            preexec_fn=_control_the_terminal,
        )
        os.close(secondary)

    def expect(self, text: str, timeout: float = 90) -> None:
        """Read until `text` has been printed."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"{text!r} never came; the terminal shows:\n{self.output}")

    @property
    def text(self) -> str:
        """The output without escape sequences, in lines as a user reads them."""
        return _ESCAPES.sub("", self.output).replace("\r\n", "\n").replace("\r", "\n")

    def type(self, keys: str) -> None:
        os.write(self._fd, keys.encode())

    def wait(self, timeout: float = 90) -> int:
        """Read to the end and return the exit code."""
        deadline = time.monotonic() + timeout
        while self._read(deadline - time.monotonic()):
            pass
        code = self._process.wait(timeout=max(deadline - time.monotonic(), 1))
        os.close(self._fd)
        return code

    def kill(self) -> None:
        """Kill whatever is left in the program's process group, as closing the window would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait()

    def _read(self, timeout: float) -> bool:
        if timeout <= 0 or not select.select([self._fd], [], [], timeout)[0]:
            return False
        try:
            chunk = os.read(self._fd, 4096)
        except OSError:  # the program closed its end
            return False
        self.output += chunk.decode(errors="replace")
        return bool(chunk)


_ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[@-Z\\-_])")


def _control_the_terminal() -> None:
    # In the child: a session of its own whose controlling terminal is the pseudo-terminal, so
    # Ctrl-C there sends it SIGINT, as at a real terminal.
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
