"""A real Redis for the shared counters: the local server, or a throwaway one started here."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis

LOCAL = "redis://127.0.0.1:6379/0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url():
    """The machine's Redis at 127.0.0.1:6379, else a redis-server of our own on a free port."""
    if _answers(LOCAL):
        yield LOCAL
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("No Redis answers at 127.0.0.1:6379 and redis-server is not installed (apt install redis-server)")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        if _answers(url):
            break
        time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def prefix(redis_url):
    """A key prefix of this test alone, deleted afterwards (the server may be shared)."""
    value = f"sanji-test:{uuid.uuid4().hex}:"
    yield value
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{value}*"):
        client.delete(key)
