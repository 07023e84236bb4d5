"""The database settings: SQLite by default (WAL, IMMEDIATE transactions), PostgreSQL from a URL."""

from typing import Any

import dj_database_url


def database(
    url: str, *, conn_max_age: int, collapse_limit: int, prepare_threshold: int = 0, lock_timeout_s: int = 0
) -> dict[str, Any]:
    """Django's settings for the database at `url`. `prepare_threshold` (PostgreSQL): after how many runs
    on one connection the hot queries of core/prepared.py become server-side prepared statements; 0
    leaves prepared statements off, as Django does by default (for a connection pooler in
    transaction mode that cannot keep them). `lock_timeout_s` (PostgreSQL, above 0): a statement that
    waits longer for a lock fails, and a session idle in an open transaction for five times as long is
    ended, so a lock nobody releases shows up as an error instead of a wait without end."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions take the write lock up front, so two writers queue instead of
        # failing halfway; WAL lets readers go on while one writes.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Short OLTP queries: PostgreSQL's JIT compiles for seconds where the query itself takes
        # milliseconds once its cost estimate is high (measured with 100,000 cases, bench/scale_data.py).
        # And a case read joins a dozen tables in one query: PostgreSQL searched every join order for
        # 5 to 10 ms of planning to run it in 1. Django's joins already start from the filtered row,
        # so the planner reorders at most `collapse_limit` relations at a time (1.5 ms all told).
        options = config.setdefault("OPTIONS", {})
        if prepare_threshold > 0:
            # Only core/prepared.py's queries bind on the server and so can be prepared; the rest of
            # the ORM binds on the client as Django does, and a client-bound query is never prepared.
            options["prepare_threshold"] = prepare_threshold
        # Django's backend, with a check of a reused connection that needs no round trip when the
        # connection is plainly alive (secondopinion/core/pgbackend/base.py).
        config["ENGINE"] = "secondopinion.core.pgbackend"
        options["options"] = (
            f"{options.get('options', '')} -c jit=off "
            f"-c join_collapse_limit={collapse_limit} -c from_collapse_limit={collapse_limit}"
        ).strip()
        if lock_timeout_s > 0:
            options["options"] += (
                f" -c lock_timeout={lock_timeout_s}s"
                f" -c idle_in_transaction_session_timeout={5 * lock_timeout_s}s"
            )
    return config
