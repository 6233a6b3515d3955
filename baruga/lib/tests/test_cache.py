"""The Redis cache backend (baruga.lib.cache): Django's RedisCache that keeps its client, in a real Redis."""

import threading

import pytest
from django.core.cache import caches

LOCATION = "redis://127.0.0.1:6379/10"


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "kept": {"BACKEND": "baruga.lib.cache.RedisCache", "LOCATION": LOCATION},
    }
    cache = caches["kept"]
    cache.clear()
    yield cache
    cache.clear()


def test_it_is_a_cache_like_djangos(redis_cache):
    assert redis_cache.get("missing", "standard") == "standard"
    redis_cache.set("a", {"n": 1})
    assert redis_cache.add("a", "other") is False and redis_cache.get("a") == {"n": 1}
    redis_cache.set_many({"b": 2, "c": 3})
    assert redis_cache.get_many(["a", "b", "c", "d"]) == {"a": {"n": 1}, "b": 2, "c": 3}
    assert redis_cache.incr("b", 5) == 7
    redis_cache.delete_many(["a", "b"])
    assert redis_cache.get_many(["a", "b", "c"]) == {"c": 3}
    redis_cache.set("gone", 1, timeout=0)
    assert redis_cache.get("gone") is None


def test_every_operation_uses_one_kept_client(redis_cache):
    client = redis_cache._cache.get_client("x")
    assert redis_cache._cache.get_client("y", write=True) is client
    redis_cache.set("x", 1)
    redis_cache.get("x")
    assert redis_cache._cache.get_client() is client
    assert len(redis_cache._cache._pools) == 1


def test_threads_share_the_client_without_losing_a_count(redis_cache):
    redis_cache.set("hits", 0, timeout=None)

    def hit():
        for _ in range(200):
            redis_cache.incr("hits")

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert redis_cache.get("hits") == 1600
