"""A throwaway PostgreSQL server for tests that need a server database.

Debian's PostgreSQL binaries (package ``postgresql``, installed by ``.ci/run``) start a
private cluster in a temporary folder on a free port, listening on a Unix socket in that
folder only; it is stopped and deleted afterwards. As root, the cluster runs as the
``postgres`` user (initdb refuses root). Without the binaries the test is skipped, unless
``ACUMEN_REQUIRE_BROWSER=1`` (CI), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REQUIRED = os.environ.get("ACUMEN_REQUIRE_BROWSER") == "1"


def postgres_bin() -> Path | None:
    """The folder of Debian's newest PostgreSQL server binaries, if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a private PostgreSQL cluster; yield its SQLAlchemy URL (database ``acumen``)."""
    binaries = postgres_bin()
    if binaries is None:
        message = "PostgreSQL server binaries not installed (Debian package postgresql)"
        if REQUIRED:
            pytest.fail(message + ": .ci/run installs it")
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="acumen-pg-"))
    data, sockets = folder / "data", folder / "run"
    sockets.mkdir()
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        user = pwd.getpwnam("postgres")
        for path in (folder, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    try:
        run(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "acumen", "-E", "UTF8")
        options = f"-p {port} -k {sockets} -c listen_addresses='' -c fsync=off"
        run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(folder / "server.log"),
            "start",
        )
        run(
            str(binaries / "createdb"),
            "-h",
            str(sockets),
            "-p",
            str(port),
            "-U",
            "acumen",
            "acumen",
        )
        yield f"postgresql+psycopg://acumen@/acumen?host={sockets}&port={port}"
    finally:
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)
