"""The Redis connection the shared counters use, from ``SANJI_REDIS_URL`` or ``SANJI_REDIS_URL_FILE``.

The URL may carry a password (``redis://:secret@redis:6379/0``), so Kubernetes mounts it from a
Secret as a file; the variable itself is for a laptop. Timeouts are short: a lookup or a seal step
must never hang on a slow Redis.
"""

import os
from pathlib import Path

import redis

URL_VARIABLE = "SANJI_REDIS_URL"
#: Seconds to connect and to wait for an answer.
TIMEOUT = 0.5


def redis_url(environ=os.environ) -> str | None:
    """The configured URL, or None when the counters stay in this process."""
    path = environ.get(f"{URL_VARIABLE}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip() or None
    return environ.get(URL_VARIABLE) or None


def connect(url: str) -> redis.Redis:
    """A client with its own connection pool (thread-safe; one per utility)."""
    return redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
