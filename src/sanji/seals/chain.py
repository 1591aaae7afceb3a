"""Every step of a case is sealed: a chain of signed entries on the application.

Before a transition (:func:`before_transition`) the actor's seal is opened with the PIN they gave;
without a valid PIN the step is refused with a message and nothing changes. After it
(:func:`after_transition`) an entry is appended::

    {seq, transition, from_state, to_state, tier, actor, name, organisation, time,
     data_digest, comment_digest, prev_signature, serial, algorithm, signature}

``data_digest`` is the SHA-256 of the canonical JSON of the case's data (:func:`case_data`: item,
receipt, personal data, form answers, checklist, and the SHA-256 of every captured page in order),
``comment_digest`` that of the comment (the comment itself may name a person, so the entry, which
:mod:`sanji.seals.verify` shows the public, holds only its digest). The signature covers all the
other fields, the previous entry's signature included: changing the data, an earlier entry or
their order breaks the chain at that point.

The PIN arrives by one of three ways, whichever the step took:

- ``doActionFor(case, "approve", comment=…, seal_pin=…)`` (our transition form, scripts, tests);
- the field ``seal_pin`` of a POSTed form;
- the key ``seal_pin`` of the JSON body of plone.restapi's ``@workflow/<transition>``.

The unlocked key lives only in the request's annotations (or, where there is no request, in the
thread) from the before- to the after-transition event, and is dropped there.
"""

import base64
import hashlib
import json
import threading
from datetime import date
from datetime import datetime
from decimal import Decimal

from Acquisition import aq_base
from persistent.list import PersistentList
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate

from sanji.api.personal_data import get_personal_data
from sanji.capture.pages import list_pages
from sanji.seals.opening import SealRefused
from sanji.seals.opening import UnlockedSeal
from sanji.seals.opening import unlock_seal
from sanji.seals.signer import get_signer
from sanji.seals.store import audit
from sanji.workflow.routing import STATE_TIERS

PIN_FIELD = "seal_pin"
_ATTRIBUTE = "_sanji_seal_chain"
_PENDING = "sanji.seals.unlocked"
_thread = threading.local()

#: States in which the village agent may still change the data, so it may differ from the last entry.
EDITABLE_STATES = ("draft", "returned")


class SealingError(RuntimeError):
    """A step went through but could not be sealed: the request is aborted, so nothing is kept.

    Deliberately not a WorkflowException, which plone.restapi answers with a 400 *and commits*.
    """


# --- canonical data ----------------------------------------------------------------------------


def _plain(value):
    """Persistent containers, dates and numbers as canonical JSON values."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    converters = {datetime: datetime.isoformat, date: date.isoformat, Decimal: str, bytes: bytes.hex}
    convert = next((function for kind, function in converters.items() if isinstance(value, kind)), None)
    return convert(value) if convert is not None else value


def canonical_json(value) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same data always gives the same bytes."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def case_data(application) -> dict:
    """What a seal vouches for: the case's data, its personal data and the digests of its pages."""
    return {
        "receipt_number": application.receipt_number,
        "item_code": application.item_code,
        "item_uid": application.item_uid,
        "personal_data": get_personal_data(application),
        "form_data": getattr(application, "form_data", None) or {},
        "checklist": application.checklist or {},
        "pages": [{"material": page.material, "sha256": page.sha256} for page in list_pages(application)],
    }


def data_digest(application) -> str:
    return hashlib.sha256(canonical_json(case_data(application))).hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def signed_bytes(entry: dict) -> bytes:
    """What an entry's signature covers: every field but the signature itself."""
    return canonical_json({key: value for key, value in entry.items() if key != "signature"})


# --- the chain on the application ------------------------------------------------------------


def chain(application) -> list[dict]:
    """The entries, oldest first (copies)."""
    return [dict(entry) for entry in getattr(application, _ATTRIBUTE, None) or ()]


def _stored_chain(application) -> PersistentList:
    stored = getattr(application, _ATTRIBUTE, None)
    if stored is None:
        stored = PersistentList()
        setattr(application, _ATTRIBUTE, stored)
    return stored


def append_entry(application, unlocked: UnlockedSeal, **step) -> dict:
    """Sign and append the entry of one step; return it.

    :param step: transition, from_state, to_state, tier, actor, time (ISO 8601) and comment.
    """
    stored = _stored_chain(application)
    previous = stored[-1]["signature"] if len(stored) else ""
    record = unlocked.record
    signer = get_signer(record.algorithm)
    entry = {
        "seq": len(stored) + 1,
        "transition": step["transition"],
        "from_state": step["from_state"],
        "to_state": step["to_state"],
        "tier": step["tier"] or record.tier,
        "actor": step["actor"],
        "name": record.fullname,
        "organisation": record.organisation,
        "time": step["time"],
        "data_digest": data_digest(application),
        "comment_digest": text_digest(step.get("comment", "")),
        "prev_signature": previous,
        "serial": record.serial,
        "algorithm": signer.algorithm,
    }
    entry["signature"] = base64.b64encode(signer.sign(signed_bytes(entry), unlocked.key)).decode("ascii")
    stored.append(entry)
    return entry


# --- the PIN and the unlocked key during one step --------------------------------------------


def _json_pin(request) -> str:
    content_type = request.getHeader("Content-Type") or ""
    if "json" not in content_type:
        return ""
    from plone.restapi.deserializer import json_body

    try:
        value = json_body(request).get(PIN_FIELD)
    except Exception:  # a malformed body is plone.restapi's to refuse, not ours
        return ""
    return value if isinstance(value, str) else ""


def pin_from(kwargs: dict | None, request) -> str:
    """The seal PIN of this step: the transition's keyword, a POSTed form field or the JSON body.

    The keyword is removed from the transition's arguments and the form field blanked once read,
    so that the PIN appears in no later error report of the request.
    """
    pin = kwargs.pop(PIN_FIELD, None) if kwargs is not None else None
    if pin:
        return str(pin)
    if request is None or getattr(request, "method", "GET") != "POST":
        return ""
    form_pin = request.form.get(PIN_FIELD)
    if form_pin:
        request.form[PIN_FIELD] = ""
        return str(form_pin)
    return _json_pin(request)


def _holder(request) -> dict:
    if request is not None:
        try:
            return IAnnotations(request)
        except TypeError:
            pass
    if not hasattr(_thread, "pending"):
        _thread.pending = {}
    return _thread.pending


def _refuse(message) -> None:
    raise WorkflowException(translate(message, context=api.env.getRequest()))


def before_transition(application, event) -> None:
    """Open the actor's seal with their PIN, or refuse the step (WorkflowException) with the reason."""
    if event.transition is None:
        return
    request = api.env.getRequest()
    pin = pin_from(event.kwargs, request)
    userid = api.user.get_current().getId()
    try:
        unlocked = unlock_seal(userid, pin)
    except SealRefused as refused:
        _refuse(refused.message)
    _holder(request)[_PENDING] = (application, event.transition.id, unlocked)


def after_transition(application, event) -> None:
    """Append the signed entry of the step just taken, then issue or countersign the decision."""
    if event.transition is None:
        return
    holder = _holder(api.env.getRequest())
    pending = holder.pop(_PENDING, None)
    if pending is None or aq_base(pending[0]) is not aq_base(application) or pending[1] != event.transition.id:
        raise SealingError(f"The step {event.transition.id} was taken without a seal being opened for it")
    unlocked = pending[2]
    status = event.status or {}
    moment = status.get("time")
    when = moment.asdatetime().isoformat() if moment is not None else datetime.now().astimezone().isoformat()
    old, new = event.old_state.id, event.new_state.id
    entry = append_entry(
        application,
        unlocked,
        transition=event.transition.id,
        from_state=old,
        to_state=new,
        tier=STATE_TIERS.get(old, ""),
        actor=status.get("actor") or unlocked.record.userid,
        time=when,
        comment=(event.kwargs or {}).get("comment", ""),
    )
    audit("seal.use", application, serial=entry["serial"], transition=entry["transition"], seq=entry["seq"])
    from sanji.seals.decision import on_sealed_step

    on_sealed_step(application, unlocked, entry, (event.kwargs or {}).get("comment", ""))
