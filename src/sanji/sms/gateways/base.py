"""Shared by the HTTP providers: the endpoint from the environment and one POST with its failures."""

import json
import logging
import os

import requests

from sanji.sms.credentials import timeout
from sanji.sms.interfaces import SendResult

logger = logging.getLogger("sanji.sms")


def endpoint(variable: str, default: str) -> str:
    """The provider's base URL; tests and private endpoints (VPC) set ``variable``."""
    return (os.environ.get(variable) or "").strip() or default


def post_json(url: str, **kwargs) -> tuple[dict | None, SendResult | None]:
    """POST and decode the JSON answer; on a network error or a non-JSON answer, the failed result.

    Timeouts and connection errors are temporary failures: the message stays queued and is retried.
    """
    try:
        response = requests.post(url, timeout=timeout(), **kwargs)
    except requests.Timeout:
        return None, SendResult(False, error=f"timeout after {timeout():g}s")
    except requests.RequestException as error:
        return None, SendResult(False, error=f"network error: {type(error).__name__}")
    try:
        document = response.json()
    except (json.JSONDecodeError, ValueError):
        return None, SendResult(False, error=f"HTTP {response.status_code}, not JSON")
    if not isinstance(document, dict):
        return None, SendResult(False, error=f"HTTP {response.status_code}, unexpected answer")
    return document, None
