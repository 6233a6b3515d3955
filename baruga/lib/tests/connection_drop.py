"""Losing the database connection in the middle of a loop, as a PostgreSQL restart does."""

from django.db import OperationalError, connection


def drop_connection():
    """PostgreSQL: the server ends our backend (`pg_terminate_backend`), and the query raises.
    SQLite has no server to do that: the error a dropped connection raises stands in for it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    raise OperationalError("terminating connection due to administrator command")
