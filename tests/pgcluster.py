"""A throwaway PostgreSQL server for the tests of the shared store.

``NEWSRADAR_TEST_PG=postgresql://user@host/db`` names a server to use (its role must be allowed to
create databases); otherwise, where PostgreSQL's binaries are installed (``initdb`` on the PATH or
under /usr/lib/postgresql), one is made in a temporary folder and listens on a unix socket there
only, started on first use and removed when the tests end. initdb refuses to run as root, so under
root the cluster belongs to the ``postgres`` user (or ``nobody``). Each test gets a database of its
own, copied from a template that is migrated once.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

ENV = "NEWSRADAR_TEST_PG"
_TEMPLATE = "newsradar_template"
_lock = threading.Lock()
_servers: dict[str, _Server] = {}  # the one server, once started
_names = itertools.count()


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found and Path(found).resolve().with_name("pg_ctl").exists():
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(candidate).parent
    return None


def unavailable() -> str | None:
    """Why there is no PostgreSQL to test against, or None when there is."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]'): PostgreSQL store tests skipped"
    if os.environ.get(ENV):
        return None
    if _bin_dir() is None:
        return (f"PostgreSQL is not installed (no initdb) and {ENV} is not set: PostgreSQL store tests skipped "
                "(apt-get install postgresql, or set NEWSRADAR_TEST_PG=postgresql://…)")
    return None


class _Server:
    def __init__(self) -> None:
        self.folder: Path | None = None
        self._free: list[str] = []  # emptied databases, for the next tests
        self._version = 0
        given = os.environ.get(ENV)
        if given:
            self.admin = given
            path, _, options = given.partition("?")
            self.base = path.rsplit("/", 1)[0] + "/{name}" + (f"?{options}" if options else "")
        else:
            self._start()
        self._template()

    def _start(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None
        self.folder = Path(tempfile.mkdtemp(prefix="newsradar-pg-"))
        self.folder.chmod(0o755)
        prefix: list[str] = []
        if os.geteuid() == 0:
            user = next((u for u in ("postgres", "nobody") if _exists(u)), "nobody")
            os.chown(self.folder, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
            prefix = ["runuser", "-u", user, "--"]
        data, log = self.folder / "data", self.folder / "log"
        subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "newsradar",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True)
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
                        f"-k {self.folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                        "-c full_page_writes=off -c max_connections=200", "start"], check=True, capture_output=True)
        self._stop = [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        atexit.register(self.stop)
        # and if the tests are killed before atexit runs (a CI timeout), a watchdog stops the server
        # once this process is gone, so that no postgres outlives them
        watch = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; {shlex.join(self._stop)} "
                 f">/dev/null 2>&1; rm -rf {shlex.quote(str(self.folder))}")
        self._watchdog = subprocess.Popen(["sh", "-c", watch], start_new_session=True, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        host = quote(str(self.folder), safe="")
        self.admin = f"postgresql://newsradar@/postgres?host={host}"
        self.base = f"postgresql://newsradar@/{{name}}?host={host}"

    def _template(self) -> None:
        import psycopg

        from newsradar.store import open_store

        with psycopg.connect(self.admin, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {_TEMPLATE}")
            con.execute(f"CREATE DATABASE {_TEMPLATE}")
        store = open_store(self.base.format(name=_TEMPLATE))
        self._version = store.schema_version()  # type: ignore[attr-defined]
        store.close()

    def database(self, *, migrated: bool = True) -> str:
        """The URL of a new, empty database (with the store's schema, or none)."""
        import psycopg

        if migrated and self._free:
            return self._free.pop()
        name = f"newsradar_test_{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.admin, autocommit=True) as con:
            # FILE_COPY (PostgreSQL 15+) copies the template's files, quicker than logging every page
            strategy = " STRATEGY FILE_COPY" if con.info.server_version >= 150000 else ""
            con.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {_TEMPLATE}{strategy}" if migrated else ""))
        return self.base.format(name=name)

    def drop(self, url: str) -> None:
        """Done with the database: emptied for the next test (a new one costs a checkpoint), or dropped."""
        import psycopg

        try:
            with psycopg.connect(url, autocommit=True) as con:
                tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = "
                                                    "current_schema() AND tablename <> 'schema_migrations'")]
                version = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
                if version and version[0] == self._version and len(self._free) < 4:
                    for table in tables:  # DELETE: TRUNCATE of a few rows costs more (a new file per table)
                        con.execute(f"DELETE FROM {table}")
                    con.execute("ALTER SEQUENCE articles_seq RESTART")
                    con.execute("INSERT INTO summary_state VALUES (-1)")  # the rows the schema begins with
                    con.execute("INSERT INTO alert_state VALUES (-1)")
                    self._free.append(url)
                    return
        except psycopg.Error:
            pass
        name = url.split("?", 1)[0].rsplit("/", 1)[1]
        with psycopg.connect(self.admin, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.folder is not None:
            subprocess.run(self._stop, check=False, capture_output=True)
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
            self._watchdog.kill()
            self._watchdog.wait()


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


def server() -> _Server:
    """The test server, started on first use."""
    with _lock:
        if "pg" not in _servers:
            _servers["pg"] = _Server()
        return _servers["pg"]
