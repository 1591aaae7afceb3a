"""Fixtures of the scale-out tests: a PostgreSQL server (local or throwaway) and sites built in subprocesses."""

from tests.postgres import postgres_database  # noqa: F401
from tests.postgres import postgres_dsn  # noqa: F401
from tests.postgres import postgres_server  # noqa: F401
