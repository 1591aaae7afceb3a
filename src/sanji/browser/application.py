"""The page of one application: where it stands, what was submitted (masked), and what can be done."""

from functools import cached_property

from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate

from sanji import _
from sanji.api.clock import clock_state
from sanji.api.masking import mask_id_number
from sanji.api.masking import mask_name
from sanji.api.masking import mask_phone
from sanji.api.masking import mask_text
from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import personal_data_shredded
from sanji.api.receipts import format_receipt_number
from sanji.capture.pages import list_pages
from sanji.content.tiers import TIER_TITLES
from sanji.crypto.reveal import REVEAL_PERSONAL_DATA
from sanji.crypto.reveal import shredded_message
from sanji.deadlines import calendar
from sanji.workflow.checks import missing_materials
from sanji.workflow.comments import review_history
from sanji.workflow.definition import definition

APPLICANT_TITLES = {
    "applicant_name": _("label_applicant_name", default="Applicant"),
    "id_number": _("label_id_number", default="ID card number"),
    "phone": _("label_mobile", default="Mobile phone"),
    "address": _("label_address", default="Address"),
}

SUBMITTED = _("track_step_submitted", default="Submitted at the village station")

#: The transitions offered as buttons, in this order (the workflow's guards decide which show).
TRANSITION_ORDER = (
    "accept",
    "to_township",
    "to_county",
    "approve",
    "resubmit_village",
    "resubmit_township",
    "resubmit_county",
    "complete",
    "return_for_correction",
    "reject",
)


class ApplicationView(BrowserView):
    @cached_property
    def workflow(self):
        return api.portal.get_tool("portal_workflow")

    def receipt(self) -> str:
        return format_receipt_number(self.context.receipt_number)

    def state_title(self) -> str:
        return self.workflow.getTitleForStateOnType(api.content.get_state(self.context), "Application")

    def tier_title(self, tier: str | None):
        return TIER_TITLES.get(tier, "")

    @cached_property
    def clock(self):
        return clock_state(self.context, calendar.today())

    @cached_property
    def personal(self) -> dict:
        """Decrypted once per page; only masked values ever reach the template."""
        return get_personal_data(self.context)

    def can_reveal(self) -> bool:
        """Whether the "显示" buttons show: ``@@reveal`` checks again, and audits each reveal."""
        return api.user.has_permission(REVEAL_PERSONAL_DATA, obj=self.context)

    def shredded(self) -> str | None:
        """Why there is no personal data to show: destroyed after its retention period."""
        when = personal_data_shredded(self.context)
        return translate(shredded_message(when), context=self.request) if when is not None else None

    def applicant(self) -> list[dict]:
        """The applicant, masked: revealing is a separate, audited act."""
        data = self.personal
        return [
            {"title": APPLICANT_TITLES[name], "value": mask(data.get(name, "")), "name": name if name in data else None}
            for name, mask in (
                ("applicant_name", mask_name),
                ("id_number", mask_id_number),
                ("phone", mask_phone),
                ("address", mask_text),
            )
        ]

    def answers(self) -> list[dict]:
        from sanji.api.applications import item_schema_fields

        item = self.item
        fields = item_schema_fields(item) if item is not None else {}
        data = getattr(self.context, "form_data", None) or {}
        personal = self.personal
        rows = []
        for name, field in fields.items():
            if name in data:
                rows.append({"title": field.title, "value": data[name], "name": None})
            elif name in personal:
                rows.append({"title": field.title, "value": mask_text(personal[name]), "name": name})
        return rows

    @cached_property
    def item(self):
        return api.content.get(UID=self.context.item_uid)

    def materials(self) -> list[dict]:
        checklist = self.context.checklist or {}
        pages = list_pages(self.context)
        return [
            {
                "name": material["name"],
                "form": material.get("form"),
                "seen": bool(checklist.get(material["name"])),
                "pages": [page for page in pages if page.material == material["name"]],
            }
            for material in (self.item.materials if self.item is not None else ())
        ]

    def missing(self) -> list[str]:
        return missing_materials(self.context)

    def can_capture(self) -> bool:
        return api.user.has_permission("Modify portal content", obj=self.context)

    def transitions(self) -> list[dict]:
        available = {t["id"]: t for t in self.workflow.getTransitionsFor(self.context)}
        return [
            {
                "id": tid,
                "title": available[tid]["title"],
                "url": f"{self.context.absolute_url()}/@@transition?name={tid}",
            }
            for tid in TRANSITION_ORDER
            if tid in available
        ]

    def history(self) -> list[dict]:
        """Every step: who, when, what, at which tier, and the comment."""
        titles = {t.id: t.title for t in definition().transitions.objectValues()}
        rows = []
        for entry in review_history(self.context):
            actor = entry.get("actor")
            user = api.user.get(userid=actor) if actor else None
            action = entry.get("action")
            rows.append(
                {
                    "time": entry["time"].asdatetime().astimezone(calendar.local_zone()).strftime("%Y-%m-%d %H:%M"),
                    "action": titles.get(action, action) if action else SUBMITTED,
                    "actor": (user.getProperty("fullname") or actor) if user else (actor or ""),
                    "tier": TIER_TITLES.get(entry.get("tier"), ""),
                    "comment": entry["comments"],
                }
            )
        return rows
