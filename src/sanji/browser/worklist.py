"""A staff member's worklist (待办): the cases waiting for them, oldest deadline first; and done (已办)."""

from datetime import date
from functools import cached_property

from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized
from ZTUtils.Lazy import LazyCat
from ZTUtils.Lazy import LazyFilter

from sanji.api.receipts import format_receipt_number
from sanji.deadlines import calendar

#: Rows on one page: a township's done cases number thousands after a year.
PAGE_SIZE = 50
#: States in which a case waits for someone.
WAITING_STATES = ("draft", "accepted", "returned", "township_review", "county_approval", "approved", "rejected")


class WorklistView(BrowserView):
    """Reads the catalog only (waiting_for, handled_by, deadlines), one page at a time, however many cases exist."""

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("The worklist is for staff members.")
        return self.index()

    @property
    def tab(self) -> str:
        return "done" if self.request.form.get("tab") == "done" else "waiting"

    def groups(self) -> list[str]:
        user = api.user.get_current()
        return [group.getId() for group in api.group.get_groups(user=user)]

    def waiting(self):
        """With a step deadline first (earliest first), then drafts and returned cases by age.

        A lazy sequence: a page reads the brains it shows (and the undated ones before it), not the whole list.
        """
        groups = self.groups()
        if not groups:
            return []
        base = {"portal_type": "Application", "waiting_for": groups, "review_state": WAITING_STATES}
        dated = api.content.find(**base, step_deadline={"query": date.min, "range": "min"}, sort_on="step_deadline")
        total = len(api.content.find(**base))
        undated = LazyFilter(lambda brain: brain.step_deadline is None, api.content.find(**base, sort_on="created"))
        undated.actual_result_count = total - len(dated)
        return LazyCat([dated, undated], length=total)

    def done(self) -> list:
        userid = api.user.get_current().getId()
        return api.content.find(portal_type="Application", handled_by=userid, sort_on="modified", sort_order="reverse")

    @cached_property
    def batch(self) -> Batch:
        """The page asked for (``b_start``) of the tab's cases."""
        try:
            start = max(int(self.request.form.get("b_start") or 0), 0)
        except (TypeError, ValueError):
            start = 0
        return Batch(self.done() if self.tab == "done" else self.waiting(), PAGE_SIZE, start)

    def rows(self) -> list[dict]:
        today = calendar.today()
        return [
            {
                "url": brain.getURL(),
                "receipt": format_receipt_number(brain.receipt_number or ""),
                "item": brain.item_title,
                "state": brain.review_state,
                "deadline": brain.step_deadline or brain.deadline,
                "overdue": bool(brain.step_deadline and brain.step_deadline < today),
                # 电子监察: the sweep's card (metadata ``card``), so the handler sees which cases are late.
                "card": getattr(brain, "card", None),
            }
            for brain in self.batch
        ]

    def state_title(self, state: str) -> str:
        return api.portal.get_tool("portal_workflow").getTitleForStateOnType(state, "Application")
