"""Application (申请/办件): one citizen's case, from the village station to its result.

It lives in the village's service area, so the local roles of that village and its township reach
it. What it knows of the item is copied at submission (the guide may change later; the case keeps
the rules it was accepted under). Personal data is not kept in these fields but behind
:mod:`sanji.api.personal_data`, and captured pages behind :mod:`sanji.capture.pages`.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from plone import api
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from sanji import _
from sanji.catalog.after_commit import is_deferred
from sanji.workflow import routing

#: Filled by the system, never through an edit form.
SYSTEM_FIELDS = (
    "receipt_number",
    "item_uid",
    "item_code",
    "item_title",
    "department",
    "department_id",
    "review_tier",
    "approve_tier",
    "promised_days",
    "village",
    "township",
    "checklist",
    "accepted_at",
    "step_started",
    "deadline",
    "step_deadline",
    "returned_from",
    "completed_at",
)


class IApplication(model.Schema):
    """What the case is and where it stands; no personal data."""

    directives.omitted(*SYSTEM_FIELDS)
    receipt_number = schema.ASCIILine(title=_("label_receipt_number", default="Receipt number"))
    item_uid = schema.ASCIILine(title=_("label_item_uid", default="Service item"))
    item_code = schema.ASCIILine(title=_("label_item_code", default="Item code"))
    item_title = schema.TextLine(title=_("label_item_name", default="Item"))
    department = schema.ASCIILine(title=_("label_department_code", default="Department code"))
    department_id = schema.ASCIILine(title=_("label_department", default="Department"))
    review_tier = schema.ASCIILine(title=_("label_review_tier", default="Reviewed at"), required=False)
    approve_tier = schema.ASCIILine(title=_("label_approve_tier", default="Approved at"))
    promised_days = schema.Int(title=_("label_promised_days", default="Promised time limit (working days)"))
    village = schema.ASCIILine(title=_("label_village", default="Village"))
    township = schema.ASCIILine(title=_("label_township", default="Township"))
    checklist = schema.Dict(
        title=_("label_checklist", default="Originals seen"),
        key_type=schema.TextLine(),
        value_type=schema.Bool(),
        required=False,
    )
    accepted_at = schema.Datetime(title=_("label_accepted_at", default="Accepted at"), required=False)
    step_started = schema.Date(title=_("label_step_started", default="Current step since"), required=False)
    deadline = schema.Date(title=_("label_deadline", default="Deadline"), required=False)
    step_deadline = schema.Date(title=_("label_step_deadline", default="Deadline of the current step"), required=False)
    returned_from = schema.ASCIILine(title=_("label_returned_from", default="Returned by tier"), required=False)
    completed_at = schema.Datetime(title=_("label_completed_at", default="Completed at"), required=False)


@implementer(IApplication)
class Application(Item):
    """A citizen's case. The routing methods are public: workflow guards call them."""

    security = ClassSecurityInfo()

    #: Tiers whose step the case has entered; their handlers keep reading it afterwards.
    reached = ("village",)

    # A new case's catalog entry may wait for its request's commit (sanji.catalog): until then the
    # catalog is left alone, and the entry written then holds everything done before.
    def indexObject(self) -> None:
        if not is_deferred(self):
            super().indexObject()

    def reindexObject(self, idxs=(), update_metadata=1, uid=None) -> None:
        if not is_deferred(self):
            super().reindexObject(idxs=list(idxs), update_metadata=update_metadata, uid=uid)

    def reindexObjectSecurity(self, skip_self=False) -> None:
        if not is_deferred(self):
            super().reindexObjectSecurity(skip_self=skip_self)

    @security.public
    def route(self) -> tuple[str, ...]:
        return routing.route(self.review_tier or None, self.approve_tier)

    @security.public
    def current_tier(self) -> str | None:
        return routing.STATE_TIERS.get(api.content.get_state(self, default=None))

    @security.public
    def next_tier(self) -> str | None:
        """Where the case goes when the current tier passes it on; None where it is decided."""
        return routing.next_tier(self.route(), self.current_tier())

    @security.public
    def decides_here(self) -> bool:
        return self.current_tier() is not None and self.next_tier() is None

    @security.public
    def returned_to(self, tier: str) -> bool:
        """Guard of the resubmit transitions: back to the tier that returned the case."""
        return (self.returned_from or "village") == tier


InitializeClass(Application)
