"""Fixtures for the backup tests: a live instance on disk, an empty target to restore into, and
ways to read every row of a database outside Django.

On SQLite the instance runs on a database *file* (in WAL mode, as in production) instead of the
in-memory test database: the backup then reads what production would, and a second thread can
write beside it. The in-memory test database is kept alive meanwhile and used again afterwards.
"""

import base64
import io
import itertools
import os
import sqlite3
import types
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from baruga.security.keys import generate_key

_scratch_numbers = itertools.count(1)


@pytest.fixture
def backup_key(settings):
    settings.BACKUP_KEY = generate_key()
    settings.BACKUP_KEY_FILE = ""
    return base64.b64decode(settings.BACKUP_KEY)


def _repoint(name):
    """Point Django's default connection at another database of the same engine."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        connection.settings_dict["NAME"] = name  # first: close() keeps an in-memory connection open
        connection.close()
    else:
        connection.close()
        connection.settings_dict["NAME"] = name


@pytest.fixture
def instance(transactional_db, backup_key, tmp_path, settings):
    """The running installation the tests back up (committed data: pg_dump sees no test transaction)."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    if connection.vendor != "sqlite":
        yield types.SimpleNamespace(name=connection.settings_dict["NAME"], media_root=media_root)
        return
    memory_name = connection.settings_dict["NAME"]
    keeper = sqlite3.connect(memory_name, uri=True) if connection.is_in_memory_db() else None
    path = tmp_path / "instance.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)  # the migrated schema, no rows yet
    _repoint(str(path))
    try:
        yield types.SimpleNamespace(name=str(path), media_root=media_root)
    finally:
        _repoint(memory_name)
        connection.ensure_connection()  # joins the in-memory database while the keeper still holds it
        if keeper is not None:
            keeper.close()


def pg_params(name):
    s = connection.settings_dict
    params = {"dbname": name, "host": s.get("HOST"), "port": s.get("PORT"), "user": s.get("USER"),
              "password": s.get("PASSWORD")}
    return {k: v for k, v in params.items() if v}


@pytest.fixture
def empty_target(instance, tmp_path, settings):
    """`with empty_target() as target:` points Django (database and MEDIA_ROOT) at an empty
    installation; leaving the block points it back at the instance. PostgreSQL scratch databases
    are dropped at the end of the test."""
    created = []

    @contextmanager
    def _target():
        n = next(_scratch_numbers)
        media_root = tmp_path / f"restored-media-{n}"
        if connection.vendor == "sqlite":
            name = str(tmp_path / f"restored-{n}.sqlite3")
        else:
            import psycopg

            name = f"{instance.name}_restore{n}"[:63]
            with psycopg.connect(**pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
            created.append(name)
        previous_media = settings.MEDIA_ROOT
        _repoint(name)
        settings.MEDIA_ROOT = media_root
        try:
            yield types.SimpleNamespace(name=name, media_root=media_root)
        finally:
            _repoint(instance.name)
            settings.MEDIA_ROOT = previous_media

    yield _target
    if created:
        import psycopg

        with psycopg.connect(**pg_params("postgres"), autocommit=True) as admin:
            for name in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def all_rows(name):
    """{table: every row, ordered by primary key} of the database `name`, read outside Django."""
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(name)) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    import psycopg
    from psycopg import sql

    rows = {}
    with psycopg.connect(**pg_params(name)) as db:
        tables = [r[0] for r in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        for table in tables:
            pk = [r[0] for r in db.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum", (table,))]
            order = sql.SQL(", ").join(map(sql.Identifier, pk)) if pk else sql.SQL("1")
            rows[table] = db.execute(
                sql.SQL("SELECT * FROM {} ORDER BY {}").format(sql.Identifier(table), order)).fetchall()
    return rows


def schema(name):
    """The table definitions (SQLite) or column lists (PostgreSQL) of the database `name`."""
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(name)) as db:
            return db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' "
                              "ORDER BY type, name").fetchall()
    import psycopg

    with psycopg.connect(**pg_params(name)) as db:
        return db.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall()


def photo(name="lubang.jpg", colour=(120, 80, 40)):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def files_under(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def write_permissions(path):
    return os.stat(path).st_mode & 0o777
