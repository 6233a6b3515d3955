"""GET /api/v1/health: what a load balancer asks an instance."""

from django.db import DatabaseError


def test_health_answers_ok_with_the_database_reachable(client, db):
    response = client.get("/api/v1/health", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "federation": []}


def test_health_answers_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def down(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = client.get("/api/v1/health", HTTP_X_FORWARDED_PROTO="https")
    monkeypatch.undo()  # the database is back for the test's own clean-up
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False, "federation": []}
