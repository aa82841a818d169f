"""A chat server process for the benchmark and the tests across processes: uvicorn with the
ASGI application on 127.0.0.1, started the same way in both, so they measure and test what
`werkplein serve` runs (websockets through the `websockets` library, no access log)."""

import sys
import time
import urllib.request

READY_PATH = "/accounts/login/"


def uvicorn_command(port: int, *extra: str) -> list[str]:
    """The command line of a uvicorn server on 127.0.0.1:`port`; `extra` options are added."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "werkplein.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--ws",
        "websockets",
        *extra,
    ]


def wait_until_answering(port: int, is_running, timeout: float = 60.0) -> bool:
    """Polls the login page until it answers 200 (True), the process ends or `timeout` seconds
    pass (False). `is_running()` tells whether the server process still runs."""
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}{READY_PATH}"
    while True:
        if not is_running():
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:  # URLError, ConnectionError and TimeoutError are OSErrors
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
