"""Every step of a case goes into the audit log, whichever path it took (web UI, REST, scripts).

The comment is left out: it is in the workflow history already and may name a person.
"""

from sanji.audit.chain import log


def submitted(event) -> None:
    log("submit", event.object, actor=event.actor, tier=event.tier)


def transitioned(event) -> None:
    log("transition", event.object, actor=event.actor, transition=event.transition, tier=event.tier)
