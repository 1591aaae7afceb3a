"""What a step needs besides the right role: refused with a message, and nothing changes.

Raising WorkflowException from a before-transition subscriber aborts the transition wherever it
was asked for (our pages, plone.restapi's ``@workflow``), and plone.restapi answers it as a 400
with the message.
"""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.i18n import translate

from sanji import _
from sanji.capture.materials import needs_copy
from sanji.capture.materials import needs_original
from sanji.capture.materials import required_materials
from sanji.capture.pages import list_pages

NEEDS_REASON = ("reject", "return_for_correction")


def missing_materials(application) -> list[str]:
    """Required materials not yet proven: originals not ticked as seen, copies with no page.

    Materials needed only in some cases (``required`` False, e.g. a proxy's ID card) are the
    agent's judgement and never block acceptance.
    """
    checklist = application.checklist or {}
    captured = {page.material for page in list_pages(application)}
    missing = []
    for material in required_materials(application):
        if material.get("required") is False:
            continue
        name = material["name"]
        if (needs_original(material) and not checklist.get(name)) or (needs_copy(material) and name not in captured):
            missing.append(name)
    return missing


def _refuse(message) -> None:
    raise WorkflowException(translate(message, context=api.env.getRequest()))


def check_transition(application, transition: str, comment: str) -> None:
    """:raises WorkflowException: with a message saying what is missing."""
    if transition == "accept":
        missing = missing_materials(application)
        if missing:
            _refuse(
                _(
                    "error_materials_missing",
                    default="Materials missing: ${materials}. Tick the originals you have seen and capture the copies.",
                    mapping={"materials": "、".join(missing)},
                )
            )
    if transition in NEEDS_REASON and not (comment or "").strip():
        _refuse(_("error_reason_required", default="Give the reason: the applicant will read it."))
