"""Consistent dumps of the live database, and loading them into an empty one, per engine.

- SQLite: the online backup API (`sqlite3.Connection.backup`) in one step, i.e. one read
  transaction: a consistent copy while the service writes (WAL lets writers go on meanwhile).
  The live file is never copied as a file.
- PostgreSQL: `pg_dump --format=custom` (one repeatable-read snapshot), restored by
  `pg_restore` piped into `psql --single-transaction`, so a failed restore leaves the target as
  it was. Where pg_dump is missing (or older than the server), `dumpdata` inside one
  REPEATABLE READ transaction, restored with `loaddata`.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing

from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction

from baruga.security.keys import BackupError

serializers.register_serializer("baruga_jsonl", "baruga.security.serializer")

# Tables `migrate` fills by itself: rows there do not make an installation "non-empty".
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def snapshot_facts(cursor, tables, quote):
    """Row count of every data table and the applied migrations, read through `cursor`.

    Read in the same snapshot as the dump, they let a restore check itself afterwards.
    """
    counts = {}
    for table in sorted(tables):
        if table not in SCHEMA_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return {"tables": counts, "migrations": migrations}


def live_facts(conn=connection, *, models_only=False):
    """The facts of the live database; `models_only`: only the tables of Django models (what dumpdata
    carries: Satu Data's datastore tables `sd_ds_*` are not models and are not in such an archive)."""
    with conn.cursor() as cursor:
        tables = conn.introspection.table_names(cursor)
        if models_only:
            known = set(conn.introspection.django_table_names(only_existing=True)) | {"django_migrations"}
            tables = [t for t in tables if t in known]
        return snapshot_facts(cursor, tables, conn.ops.quote_name)


def tables_with_rows(conn=connection):
    """Tables of the target database that hold data (the installation is not empty)."""
    found = []
    with conn.cursor() as cursor:
        for table in conn.introspection.table_names(cursor):
            if table in SCHEMA_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                found.append(table)
    return found


def _require_autocommit(conn):
    if conn.in_atomic_block:
        raise BackupError("Pencadangan/pemulihan tidak boleh dijalankan di dalam transaksi yang terbuka.")


class SqliteBackupAPI:
    format = "sqlite3-backup"
    filename = "database.sqlite3"
    vendor = "sqlite"

    def dump(self, path, conn=connection):
        _require_autocommit(conn)
        conn.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            conn.connection.backup(target)  # pages=-1: the whole database in one step
            cursor = target.cursor()
            tables = [r[0] for r in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            facts = snapshot_facts(cursor, tables, lambda name: '"{}"'.format(name.replace('"', '""')))
        return {"tool": f"sqlite3 {sqlite3.sqlite_version}", **facts}

    def load(self, path, conn=connection):
        _require_autocommit(conn)
        conn.ensure_connection()
        with closing(sqlite3.connect(path)) as source:
            source.backup(conn.connection)
        conn.close()


def pg_env(settings_dict):
    """libpq environment for the client tools (password, SSL options) from Django's settings."""
    from django.db.backends.postgresql.client import DatabaseClient

    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = dict(env or {})
    options = settings_dict.get("OPTIONS", {})
    for key, var in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")]:
        value = settings_dict.get(key) or (options.get("dbname") if key == "NAME" else "")
        if value:
            env[var] = str(value)
    return {**os.environ, **env}


def pg_tool(name):
    return shutil.which(name)


def _tool_major(path):
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def _run(args, *, env, what):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} gagal (kode {result.returncode}): {result.stderr.strip()[-2000:]}")
    return result


class PgDumpCustom:
    format = "pg_dump-custom"
    filename = "database.pgdump"
    vendor = "postgresql"

    @staticmethod
    def usable(conn=connection):
        """pg_dump refuses servers newer than itself; then the dumpdata fallback is used."""
        path = pg_tool("pg_dump")
        if not path:
            return False
        conn.ensure_connection()
        return _tool_major(path) >= conn.pg_version // 10000

    def dump(self, path, conn=connection):
        """pg_dump reads the snapshot exported by our transaction, in which the facts are counted too."""
        _require_autocommit(conn)
        pg_dump = pg_tool("pg_dump")
        with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            facts = snapshot_facts(cursor, conn.introspection.table_names(cursor), conn.ops.quote_name)
            _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={path}"],
                 env=pg_env(conn.settings_dict), what="pg_dump")
        version = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout.strip()
        return {"tool": version, **facts}

    def load(self, path, conn=connection):
        """Drop what the target holds and restore the dump, all in one transaction."""
        pg_restore, psql = pg_tool("pg_restore"), pg_tool("psql")
        if not (pg_restore and psql):
            raise BackupError("pg_restore dan psql diperlukan untuk memulihkan arsip PostgreSQL "
                              "(Debian: apt-get install postgresql-client).")
        _require_autocommit(conn)
        with conn.cursor() as cursor:
            existing = conn.introspection.table_names(cursor)
        conn.close()
        env = pg_env(conn.settings_dict)
        # One transaction, committed only once pg_restore has produced the whole script: a failure
        # on either side leaves the target database as it was.
        preamble = "BEGIN;\n" + "".join(f"DROP TABLE IF EXISTS {conn.ops.quote_name(t)} CASCADE;\n" for t in existing)
        with tempfile.TemporaryFile() as psql_err, tempfile.TemporaryFile() as restore_err:
            apply = subprocess.Popen(
                [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--file=-"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err, env=env)
            script = None
            try:
                apply.stdin.write(preamble.encode())
                script = subprocess.Popen([pg_restore, "--no-owner", "--no-privileges", "--file=-", str(path)],
                                          stdout=subprocess.PIPE, stderr=restore_err, env=env)
                shutil.copyfileobj(script.stdout, apply.stdin, 1024 * 1024)
                if script.wait() == 0:
                    apply.stdin.write(b"COMMIT;\n")
            except BrokenPipeError:
                pass  # psql stopped at an error: reported below
            finally:
                try:
                    apply.stdin.close()
                except BrokenPipeError:
                    pass
                if script is not None:
                    script.stdout.close()
                    script.wait()
            apply.wait()
            for proc, err, what in [(apply, psql_err, "psql"), (script, restore_err, "pg_restore")]:
                if proc is not None and proc.returncode:
                    err.seek(0)
                    detail = err.read().decode(errors="replace").strip()[-2000:]
                    raise BackupError(
                        f"{what} gagal (kode {proc.returncode}); basis data tujuan tidak diubah: {detail}")


class DumpdataJson:
    """The portable fallback: Django's serialisation, read in one REPEATABLE READ snapshot."""

    format = "django-jsonl"
    filename = "database.baruga_jsonl"  # loaddata takes the serialisation format from the extension
    vendor = None  # any engine
    EXCLUDE = ["contenttypes", "auth.permission"]  # recreated by migrate, referenced by natural keys

    def dump(self, path, conn=connection):
        _require_autocommit(conn)
        with transaction.atomic(using=conn.alias):
            if conn.vendor == "postgresql":
                with conn.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # Only the model tables: those are what dumpdata writes and loaddata brings back. Satu Data's
            # datastore tables are not in this archive; their files are (MEDIA_ROOT), and a reload of a
            # resource ("Muat ulang tabel") builds its table again.
            facts = live_facts(conn, models_only=True)
            call_command("dumpdata", database=conn.alias, format="baruga_jsonl", natural_foreign=True,
                         exclude=self.EXCLUDE, output=str(path), verbosity=0)
        return {"tool": "django dumpdata", **facts}

    def load(self, path, conn=connection):
        _require_autocommit(conn)
        call_command("migrate", database=conn.alias, interactive=False, verbosity=0)
        with transaction.atomic(using=conn.alias):  # all or nothing (PostgreSQL truncates transactionally)
            call_command("flush", database=conn.alias, interactive=False, verbosity=0)
            call_command("loaddata", str(path), database=conn.alias, verbosity=0)


FORMATS = {f.format: f for f in (SqliteBackupAPI(), PgDumpCustom(), DumpdataJson())}


def dumper_for(conn=connection):
    if conn.vendor == "sqlite":
        return FORMATS["sqlite3-backup"], ""
    if conn.vendor == "postgresql":
        if PgDumpCustom.usable(conn):
            return FORMATS["pg_dump-custom"], ""
        return FORMATS["django-jsonl"], ("pg_dump tidak tersedia (atau lebih tua dari server); memakai dumpdata "
                                        "dalam satu transaksi REPEATABLE READ.")
    return FORMATS["django-jsonl"], ""


def loader_for(dump_format, engine, conn=connection):
    loader = FORMATS.get(dump_format)
    if loader is None:
        raise BackupError(f"Format basis data {dump_format!r} dalam arsip tidak dikenal.")
    if loader.vendor and loader.vendor != conn.vendor:
        raise BackupError(f"Arsip ini berisi basis data {engine}, sedangkan tujuan adalah {conn.vendor}; "
                          "pemulihan lintas mesin basis data tidak didukung.")
    return loader


class RollbackCopy:
    """A copy of the target database taken just before a restore loads the archive into it, and
    put back if a later step fails: the target is then as it was, even after a committed load.

    SQLite: a backup-API copy of the file. PostgreSQL: nothing to copy when the target has no
    tables (putting back means dropping what the restore created); else `pg_dump --format=custom`,
    or the dumpdata fallback without a usable pg_dump.
    """

    def __init__(self, conn, folder):
        self.conn = conn
        self.folder = folder
        self.path = None
        self.format = None
        self.empty_schema = False

    def preflight(self, loader, dump_path):
        """Everything the load and the copy need, checked before either starts; raises BackupError."""
        conn = self.conn
        try:
            conn.ensure_connection()
            with conn.cursor() as cursor:
                tables = conn.introspection.table_names(cursor)
        except Exception as exc:
            raise BackupError(f"Basis data tujuan tidak dapat dibuka: {exc}. Tidak ada yang diubah.") from None
        _require_autocommit(conn)
        if conn.vendor == "sqlite":
            self._preflight_sqlite(dump_path)
            self.format = SqliteBackupAPI.format
        elif conn.vendor == "postgresql":
            if isinstance(loader, PgDumpCustom) and not (pg_tool("pg_restore") and pg_tool("psql")):
                raise BackupError("pg_restore dan psql diperlukan untuk memulihkan arsip PostgreSQL "
                                  "(Debian: apt-get install postgresql-client). Tidak ada yang diubah.")
            self.empty_schema = not tables
            if not self.empty_schema:
                usable = PgDumpCustom.usable(conn) and pg_tool("pg_restore") and pg_tool("psql")
                self.format = PgDumpCustom.format if usable else DumpdataJson.format
                _require_space(self.folder.parent, self._pg_size(), "salinan basis data tujuan (TMPDIR)")
        else:
            self.format = DumpdataJson.format

    def _preflight_sqlite(self, dump_path):
        name = self.conn.settings_dict["NAME"]
        if self.conn.is_in_memory_db():
            return
        path = os.path.abspath(str(name))
        folder = os.path.dirname(path)
        if not os.access(folder, os.W_OK | os.X_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
            raise BackupError(f"Berkas basis data {path} (atau foldernya) tidak dapat ditulis oleh pengguna ini. "
                              "Tidak ada yang diubah.")
        current = os.path.getsize(path) if os.path.exists(path) else 0
        _require_space(folder, os.path.getsize(dump_path), f"basis data ({folder})")
        _require_space(self.folder.parent, current, "salinan basis data tujuan (TMPDIR)")

    def _pg_size(self):
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]

    def take(self):
        if self.empty_schema:
            return
        self.folder.mkdir(exist_ok=True)
        copier = FORMATS[self.format]
        self.path = self.folder / copier.filename
        copier.dump(self.path, self.conn)

    def put_back(self):
        conn = self.conn
        conn.close()  # a failed statement may have left the connection unusable
        if self.empty_schema:
            with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
                for table in conn.introspection.table_names(cursor):
                    cursor.execute(f"DROP TABLE IF EXISTS {conn.ops.quote_name(table)} CASCADE")
            return
        if self.path is None:
            return
        FORMATS[self.format].load(self.path, conn)


def _require_space(folder, needed, what):
    needed = int(needed * 1.05) + 16 * 1024 * 1024
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise BackupError(f"Ruang kosong di {folder} {free // (1024 * 1024)} MB, perlu sekitar "
                          f"{needed // (1024 * 1024)} MB untuk {what}. Tidak ada yang diubah.")


def encrypted_samples(dump_format, dump_path, columns):
    """One stored value of each encrypted (table, column) in a dump, read from the dump itself.

    Lets a restore check, before it changes anything, that the configured data keys open the
    archive's personal data. The dumpdata format holds them decrypted: nothing to sample.
    """
    if dump_format == SqliteBackupAPI.format:
        return _sqlite_samples(dump_path, columns)
    if dump_format == PgDumpCustom.format:
        return _pg_samples(dump_path, columns)
    return []


def _sqlite_samples(dump_path, columns):
    samples = []
    with closing(sqlite3.connect(f"file:{dump_path}?mode=ro", uri=True)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, column in columns:
            if table not in tables:
                continue
            quoted_t, quoted_c = ('"{}"'.format(n.replace('"', '""')) for n in (table, column))
            row = db.execute(f"SELECT {quoted_c} FROM {quoted_t} WHERE {quoted_c} IS NOT NULL "
                             f"AND {quoted_c} != '' LIMIT 1").fetchone()
            if row:
                samples.append((table, column, row[0]))
    return samples


def _pg_samples(dump_path, columns):
    pg_restore = pg_tool("pg_restore")
    if not pg_restore:
        return []
    wanted = {}
    for table, column in columns:
        wanted.setdefault(table, []).append(column)
    args = [pg_restore, "--data-only", "--file=-"] + [f"--table={t}" for t in sorted(wanted)] + [str(dump_path)]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore tidak dapat membaca basis data dalam arsip: {result.stderr.strip()[-500:]}")
    samples, current, names = [], None, []
    for line in result.stdout.splitlines():
        copy = re.match(r"COPY (?:\S+\.)?\"?([^\s\"(]+)\"? \((.*)\) FROM stdin;$", line)
        if copy:
            current, names = copy.group(1), [n.strip().strip('"') for n in copy.group(2).split(",")]
            continue
        if current is None:
            continue
        if line == "\\.":
            current = None
            continue
        values = dict(zip(names, line.split("\t")))
        for column in list(wanted.get(current, [])):
            value = values.get(column)
            if value and value != "\\N":
                samples.append((current, column, value))
                wanted[current].remove(column)
    return samples
