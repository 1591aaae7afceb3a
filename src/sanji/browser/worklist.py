"""A staff member's worklist (待办): the cases waiting for them, oldest deadline first; and done (已办)."""

from datetime import date

from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized

from sanji.api.receipts import format_receipt_number
from sanji.deadlines import calendar

#: States in which a case waits for someone.
WAITING_STATES = ("draft", "accepted", "returned", "township_review", "county_approval", "approved", "rejected")


class WorklistView(BrowserView):
    """Reads the catalog only (waiting_for, handled_by, deadlines), however many cases exist."""

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

    def waiting(self) -> list:
        """With a step deadline first (earliest first), then drafts and returned cases by age."""
        groups = self.groups()
        if not groups:
            return []
        base = {"portal_type": "Application", "waiting_for": groups, "review_state": WAITING_STATES}
        dated = api.content.find(**base, step_deadline={"query": date.min, "range": "min"}, sort_on="step_deadline")
        seen = {brain.UID for brain in dated}
        undated = [brain for brain in api.content.find(**base, sort_on="created") if brain.UID not in seen]
        return list(dated) + undated

    def done(self) -> list:
        userid = api.user.get_current().getId()
        return api.content.find(portal_type="Application", handled_by=userid, sort_on="modified", sort_order="reverse")

    def rows(self) -> list[dict]:
        today = calendar.today()
        brains = self.done() if self.tab == "done" else self.waiting()
        return [
            {
                "url": brain.getURL(),
                "receipt": format_receipt_number(brain.receipt_number or ""),
                "item": brain.item_title,
                "state": brain.review_state,
                "deadline": brain.step_deadline or brain.deadline,
                "overdue": bool(brain.step_deadline and brain.step_deadline < today),
            }
            for brain in brains
        ]

    def state_title(self, state: str) -> str:
        return api.portal.get_tool("portal_workflow").getTitleForStateOnType(state, "Application")
