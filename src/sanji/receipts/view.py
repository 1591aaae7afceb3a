"""``@@receipt.pdf``: the acceptance receipt (受理回执) of an accepted application, to print at the station.

Gathers what :func:`sanji.receipts.receipt_pdf.render_receipt` prints from the case, its village
area and the clock; personal data only as the masked name.
"""

from datetime import datetime

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import NotFound

from sanji.api.clock import clock_state
from sanji.api.masking import mask_name
from sanji.api.personal_data import get_personal_data
from sanji.capture.download import content_disposition
from sanji.capture.download import send_private
from sanji.capture.materials import required_materials
from sanji.capture.pages import list_pages
from sanji.deadlines.calendar import local_zone
from sanji.deadlines.calendar import today
from sanji.receipts.receipt_pdf import render_receipt
from sanji.workflow.definition import history


def county_moment(value: datetime) -> datetime:
    """``value`` in the county's time zone, whatever zone the server runs in (aware).

    Aware times (as :func:`sanji.deadlines.calendar.now` records them) are converted; naive ones,
    stored by earlier versions with ``datetime.now()``, are taken as the server's local time.
    """
    return value.astimezone(local_zone())


def county_time(value: datetime) -> datetime:
    """``value`` on the county's wall clock (naive), whatever zone the server runs in."""
    return county_moment(value).replace(tzinfo=None)


def masked_applicant(application) -> str:
    """董金山 → 董*山; a one-character name becomes * (the receipt never prints a name unmasked)."""
    name = str(get_personal_data(application).get("applicant_name") or "")
    masked = mask_name(name)
    return masked if "*" in masked else "*" * max(len(name.strip()), 1)


def department_title(application) -> str:
    brains = api.content.find(portal_type="Department", department=application.department)
    return brains[0].Title if brains else application.department


def receipt_materials(application) -> list[dict]:
    checklist = application.checklist or {}
    pages = list_pages(application)
    return [
        {
            "name": material["name"],
            "form": material.get("form", ""),
            "count": material.get("count", 1),
            "seen": bool(checklist.get(material["name"])),
            "pages": sum(1 for page in pages if page.material == material["name"]),
        }
        for material in required_materials(application)
    ]


def accepting_agent(application) -> str | None:
    """The full name of who accepted (受理) the case, from its workflow history."""
    for entry in history(application):
        if entry.get("action") == "accept":
            user = api.user.get(userid=entry.get("actor"))
            return (user.getProperty("fullname") or entry.get("actor")) if user else entry.get("actor")
    return None


class ReceiptView(BrowserView):
    """The receipt as a PDF download; 404 until the case is accepted (there is nothing to confirm)."""

    def __call__(self):
        application = aq_inner(self.context)
        if application.accepted_at is None:
            raise NotFound("not accepted yet")
        area = aq_parent(application)
        number = application.receipt_number
        pdf = render_receipt(
            receipt_number=number,
            item_title=application.item_title,
            item_code=application.item_code,
            department=department_title(application),
            applicant_name_masked=masked_applicant(application),
            accepted_at=county_moment(application.accepted_at),
            deadline=clock_state(application, today()).deadline,
            station=getattr(area, "station_name", None) or area.Title(),
            agent=accepting_agent(application) or getattr(area, "station_agent", None) or "",
            materials=receipt_materials(application),
            track_url=f"{api.portal.get().absolute_url()}/@@track?receipt={number}",
        )
        disposition = content_disposition("attachment", f"受理回执-{number}.pdf", f"receipt-{number}.pdf")
        return send_private(self.request.response, pdf, "application/pdf", disposition)
