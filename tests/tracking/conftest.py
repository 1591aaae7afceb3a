"""The tracking tests run on the Sanji layer with the services and tracking ZCML loaded."""

from tests.services.fixtures import *  # noqa: F403
from tests.services.fixtures import LAYER_FIXTURES

globals().update(LAYER_FIXTURES)
