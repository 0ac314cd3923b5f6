"""Load from this machine with wrk (Debian package `wrk`), as the stack benchmarks use it."""

import re
import shutil
import subprocess
from collections.abc import Mapping

RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+)")


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")


def wrk(
    url: str,
    seconds: int,
    headers: Mapping[str, str] | None = None,
    *,
    threads: int = 2,
    connections: int = 32,
) -> float:
    """Requests per second wrk measures at `url`.

    A non-2xx answer or a failed connection, read or write aborts; timeouts (a saturated app
    keeps requests waiting) only lower the rate.
    """
    flags = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", *flags, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    errors = SOCKET_ERRORS.search(output)
    if "Non-2xx" in output or (errors and any(int(n) for n in errors.groups())):
        raise SystemExit(f"wrk saw errors at {url}:\n{output}")
    if (match := RATE.search(output)) is None:
        raise SystemExit(f"no rate in wrk's output:\n{output}")
    return float(match.group(1))
