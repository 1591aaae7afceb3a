"""A case created in a published request enters the catalog after the request's commit.

:func:`index_after_commit` is called before the case is created; from then on the case's own
``indexObject``/``reindexObject`` do nothing in this transaction (:func:`is_deferred`, asked by
:class:`sanji.content.application.Application`). When the publisher has committed (``IPubSuccess``,
before the answer leaves) :func:`write_deferred` has them indexed in a transaction of their own, under
the catalog writer's lock, with those of other requests that finish meanwhile (:mod:`.group_commit`).
Outside a published request (scripts, the benchmark generator, tests without the publisher) nothing
is deferred.
"""

from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.component.hooks import getSite
from zope.globalrequest import getRequest
from ZPublisher.interfaces import IPubStart
from ZPublisher.interfaces import IPubSuccess

from sanji.catalog.group_commit import WRITER

ANNOTATION = "sanji.catalog.after_commit"


def _pending(request) -> list | None:
    """Paths of the cases this request defers, or None when it is not a published request."""
    if request is None:
        return None
    return IAnnotations(request).get(ANNOTATION)


@adapter(IPubStart)
def request_started(event) -> None:
    """A published request (and each of its retries) may defer catalog entries."""
    IAnnotations(event.request)[ANNOTATION] = []


def index_after_commit(container, name: str) -> bool:
    """Leave ``container[name]``, about to be created, out of the catalog until this request commits.

    :returns: False outside a published request: the case is then indexed as any content is.
    """
    pending = _pending(getRequest())
    if pending is None:
        return False
    pending.append((*container.getPhysicalPath(), name))
    return True


def is_deferred(obj) -> bool:
    """Whether ``obj``'s catalog entry waits for the commit of the current request."""
    pending = _pending(getRequest())
    return bool(pending) and obj.getPhysicalPath() in pending


@adapter(IPubSuccess)
def write_deferred(event) -> None:
    """Index the request's deferred cases, now committed, in a short transaction of their own."""
    pending = _pending(event.request)
    if not pending:
        return
    paths = list(pending)
    del pending[:]  # from here on the cases index as any content does
    root = event.request["PARENTS"][-1]
    cases = (root.unrestrictedTraverse(path, None) for path in paths)
    oids = [case._p_oid for case in cases if case is not None]
    WRITER.write(root._p_jar.db(), event.request, getSite().getPhysicalPath(), paths, oids)
