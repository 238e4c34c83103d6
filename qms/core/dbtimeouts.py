"""PostgreSQL lock and statement timeouts, passed as connection options: a web request waits at
most DB_LOCK_TIMEOUT_MS for a lock and runs a statement at most DB_STATEMENT_TIMEOUT_MS; Celery
workers (document jobs, daily jobs) get the longer DB_WORKER_* values. Imported by settings:
no Django imports at module level."""

import re

_TIMEOUT_OPTIONS = re.compile(r"\s*-c\s*(lock_timeout|statement_timeout)=\S+")


def postgres_timeout_options(existing: str, *, lock_ms: int, statement_ms: int) -> str:
    """libpq `options` with the two timeouts (0 = none) replacing any given before."""
    kept = _TIMEOUT_OPTIONS.sub("", existing or "").strip()
    timeouts = f"-c lock_timeout={int(lock_ms)} -c statement_timeout={int(statement_ms)}"
    return f"{kept} {timeouts}".strip()


def database_timeouts_for_worker() -> None:
    """Switch this process's PostgreSQL connections to the worker timeouts (a `celery worker`)."""
    from django.conf import settings
    from django.db import connections

    lock_ms, statement_ms = settings.DB_WORKER_TIMEOUTS_MS
    for alias in connections:
        params = connections.settings[alias]
        if params["ENGINE"].endswith("postgresql"):
            options = params.setdefault("OPTIONS", {})
            options["options"] = postgres_timeout_options(options.get("options", ""), lock_ms=lock_ms,
                                                          statement_ms=statement_ms)
    connections.close_all()
