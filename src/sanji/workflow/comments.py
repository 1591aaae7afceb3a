"""The comments on a case's steps, encrypted at rest like its personal data (二次加密).

A reviewer's reason ("请补充李建国的住院费用票据") may name the applicant or quote an ID number, so it
does not stay in DCWorkflow's plain ``comments`` of the workflow history: after each step the text
moves beside it, sealed under the case's data key (:mod:`sanji.crypto.envelope`, purpose
``comment``), and ``comments`` is left empty.

:func:`review_history` opens them again. The workflow's ``review_history`` variable, which Plone's
history viewlet and plone.restapi's ``@workflow`` read, calls it through :func:`guarded_review_history`,
so whoever may see a case's history reads its comments as before. When the case's personal data is
shredded, its comments go with it.
"""

import logging

from AccessControl import ModuleSecurityInfo
from AccessControl import Unauthorized
from AccessControl.SecurityManagement import getSecurityManager

from sanji import _
from sanji.crypto.envelope import data_key
from sanji.crypto.envelope import seal
from sanji.crypto.envelope import unseal
from sanji.crypto.errors import CryptoError
from sanji.crypto.errors import DataShredded
from sanji.workflow.definition import WORKFLOW_ID
from sanji.workflow.definition import history

logger = logging.getLogger("sanji.workflow")

PURPOSE = "comment"
#: The key of a history entry that holds its sealed comment.
SEALED = "comments_sealed"

SHREDDED = _("comment_shredded", default="(destroyed with the personal data)")
UNREADABLE = _("comment_unreadable", default="(cannot be read: tell the administrator)")

#: The guard of the workflow's ``review_history`` variable (profiles/default/workflows/…/definition.xml).
HISTORY_PERMISSIONS = ("Request review", "Review portal content")

ModuleSecurityInfo(__name__).declarePublic("guarded_review_history")


def sealed_entry(application, entry: dict, dek: bytes | None = None) -> dict:
    """``entry`` with its comment sealed; ``entry`` itself when it has no plain comment."""
    text = entry.get("comments") or ""
    if not text:
        return entry
    return {**entry, "comments": "", SEALED: seal(application, PURPOSE, text.encode("utf-8"), dek)}


def comment_of(application, entry: dict, dek: bytes | None = None) -> str:
    """The comment of a history ``entry`` in plain text ("" when the step had none)."""
    sealed = entry.get(SEALED)
    if sealed is None:
        return entry.get("comments") or ""
    try:
        return unseal(application, PURPOSE, sealed, dek).decode("utf-8")
    except DataShredded:
        return SHREDDED
    except CryptoError:
        logger.exception("The comment of a step of %s cannot be opened", getattr(application, "receipt_number", "?"))
        return UNREADABLE


def review_history(application) -> list[dict]:
    """The case's workflow history, oldest first, with every comment opened (copies, as DCWorkflow gives)."""
    entries = history(application)
    dek = None
    if any(SEALED in entry for entry in entries):
        try:
            dek = data_key(application)
        except CryptoError:  # shredded or unreadable: each comment says so
            dek = None
    readable = []
    for entry in entries:
        copy = {key: value for key, value in entry.items() if key != SEALED}
        copy["comments"] = comment_of(application, entry, dek)
        readable.append(copy)
    return readable


def guarded_review_history(application) -> list[dict]:
    """:func:`review_history` for the workflow variable: the one name open to restricted code (TALES).

    It asks the variable's own guard, so a script or an expression cannot read what the workflow would
    not show the person running it.
    """
    security = getSecurityManager()
    if not any(security.checkPermission(permission, application) for permission in HISTORY_PERMISSIONS):
        raise Unauthorized("Reading the history of this case needs the permission to review or to request review.")
    return review_history(application)


def seal_step_comment(application, event) -> None:
    """After a step of the case workflow: its comment leaves the history's plain text."""
    if event.workflow.getId() != WORKFLOW_ID:
        return
    entries = application.workflow_history.get(WORKFLOW_ID) or ()
    if not entries:
        return
    last = sealed_entry(application, entries[-1])
    if last is not entries[-1]:
        application.workflow_history[WORKFLOW_ID] = (*entries[:-1], last)


def seal_comments(application) -> int:
    """Seal every plain comment of the case's history (for cases from before); how many were sealed.

    :raises DataShredded: the case's data key was destroyed.
    """
    entries = application.workflow_history.get(WORKFLOW_ID) or ()
    if not any(entry.get("comments") for entry in entries):
        return 0
    dek = data_key(application, create=True)
    sealed = tuple(sealed_entry(application, entry, dek) for entry in entries)
    changed = sum(new is not old for new, old in zip(sealed, entries, strict=True))
    if changed:
        application.workflow_history[WORKFLOW_ID] = sealed
    return changed
