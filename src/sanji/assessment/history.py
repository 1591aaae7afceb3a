"""What managers and supervisors record is audited twice over: in the hash-chained :mod:`sanji.audit` log,
and in the period's own history (the seq of each entry with its facts), which the ranking page shows to
managers without walking the whole log."""

from sanji import audit
from sanji.assessment.ledger import Period


def audited(period: Period, action: str, obj=None, *, actor: str, **details) -> dict:
    """Append ``action`` to the audit log and to ``period``'s history; returns the audit entry."""
    logged = audit.log(action, obj, actor=actor, period=period.name, **details)
    period.history.append({key: logged[key] for key in ("seq", "time", "actor", "action", "details")})
    return logged
