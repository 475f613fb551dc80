"""Helpers for the tests that start real servers (app servers, varnishd)."""

import socket
import subprocess
import time
from collections.abc import Callable

from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop; kill it if it has not within 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def cut_every_database_connection() -> None:
    """What a database restart does to the servers' pools: every other
    connection to the test database dies."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def readiness_until_ready(readiness: Callable[[], int], seconds: float = 30) -> list[int]:
    """/readyz's answers, polled until 200 or the time is up. The pool notices
    dead connections as requests check them out, so poll rather than assume
    how many requests that takes."""
    statuses: list[int] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        statuses.append(readiness())
        if statuses[-1] == 200:
            break
        time.sleep(0.2)
    return statuses


def eventually[T](
    fetch: Callable[[], T], shows: Callable[[T], bool], seconds: float = 5
) -> list[T]:
    """Every answer of `fetch()` until one `shows` what is expected (the last).

    After an edit, an app server answers from the content as it was (never
    kept by any cache) until its read model is loaded again, a fraction of a
    second (history/generation.py).
    """
    deadline = time.monotonic() + seconds
    answers = [fetch()]
    while not shows(answers[-1]) and time.monotonic() < deadline:
        time.sleep(0.02)
        answers.append(fetch())
    return answers
