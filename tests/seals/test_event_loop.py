"""Signing and validating work where an asyncio loop already runs (pyHanko's sync API uses asyncio.run)."""

import asyncio

from sanji.seals.decision import get_decision
from sanji.seals.verify import verify_pdf
from tests.cases import step


def test_signing_inside_a_running_event_loop(township_review):
    def decide():
        step(township_review, "reject", "reviewer-liangcun", "不符合条件")
        return verify_pdf(get_decision(township_review).read())

    async def inside():
        return decide()

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # start one, as an ASGI server or Playwright's sync API would
        result = asyncio.run(inside())
    else:  # the browser tests of this session already run one in this thread
        result = decide()
    assert result.all_valid
