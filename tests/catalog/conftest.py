"""The catalog tests use the services' HTTP fixtures (tests/services/fixtures.py)."""

from tests.postgres import postgres_database  # noqa: F401
from tests.postgres import postgres_dsn  # noqa: F401
from tests.postgres import postgres_server  # noqa: F401
from tests.services.fixtures import *  # noqa: F403
