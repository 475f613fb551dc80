"""Health endpoints for load balancers and orchestration.

/healthz says the process is alive and touches nothing else. /readyz says the
process can serve pages: the database and the cache both answer.
"""

import psycopg
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from common.caching import private


@private
@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


# Load balancers give up on a check after a few seconds, and a worker answering
# one holds a request slot: say "unavailable" within this, not after the
# pool's whole wait for a connection (DATABASE_POOL_TIMEOUT, 10 s).
READINESS_SECONDS = 2


def _database_ok() -> bool:
    # PostgreSQL's connections come from a pool (config/settings.py); SQLite has none.
    pool = getattr(connection, "pool", None)
    if pool is not None:
        return _pooled_database_ok(pool)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Drop the broken connection so the next request opens a fresh one:
        # the site recovers when the database returns, with no restart.
        connection.close()
        return False
    return True


def _pooled_database_ok(pool) -> bool:
    """A connection from the pool within READINESS_SECONDS, and it answers."""
    try:
        pool.open()
        with pool.connection(timeout=READINESS_SECONDS) as pooled:
            pooled.execute("SELECT 1").fetchone()
    except psycopg.Error:
        # The pool checks each connection before lending it and reconnects
        # by itself, so the site recovers when the database returns.
        return False
    return True


def _cache_ok() -> bool:
    try:
        cache.set("readyz", "ok", timeout=10)
        return cache.get("readyz") == "ok"
    except Exception:  # any backend error (e.g. Redis down) means "not ready"
        return False


@private
@never_cache
def readyz(request):
    checks = {
        "database": "ok" if _database_ok() else "unavailable",
        "cache": "ok" if _cache_ok() else "unavailable",
    }
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks},
        status=200 if ready else 503,
    )
