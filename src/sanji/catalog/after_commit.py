"""A case created in a published request enters the catalog after the request's commit.

:func:`index_after_commit` is called before the case is created; from then on the case's own
``indexObject``/``reindexObject`` do nothing in this transaction (:func:`is_deferred`, asked by
:class:`sanji.content.application.Application`). When the publisher has committed (``IPubSuccess``,
before the answer leaves) :func:`write_deferred` indexes each such case in a transaction of its own,
under the catalog writer's lock, retrying a conflict at once. Outside a published request (scripts,
the benchmark generator, tests without the publisher) nothing is deferred.
"""

import logging

import transaction
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.globalrequest import getRequest
from ZPublisher.interfaces import IPubStart
from ZPublisher.interfaces import IPubSuccess

from sanji.catalog.writer_lock import catalog_writer

logger = logging.getLogger("sanji.catalog")

ANNOTATION = "sanji.catalog.after_commit"
#: Tries of one catalog entry; only other work can conflict with it (writers take turns).
ATTEMPTS = 10


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
    """Index the request's deferred cases, now committed, each in its own short transaction."""
    pending = _pending(event.request)
    if not pending:
        return
    paths = list(pending)
    del pending[:]  # from here on the cases index as any content does
    root = event.request["PARENTS"][-1]
    for path in paths:
        write_entry(root, path)


def write_entry(root, path: tuple[str, ...]) -> bool:
    """Index the object at ``path`` in a transaction of its own; False if it could not be done now.

    Never raises: the case is committed already, and the sweep (``05-catalog``) indexes what is
    left out here.
    """
    where = "/".join(path)
    try:
        for _attempt in range(ATTEMPTS):
            try:
                with catalog_writer(root._p_jar.db()):
                    transaction.begin()
                    obj = root.unrestrictedTraverse(path, None)
                    if obj is not None:  # else removed meanwhile
                        obj.indexObject()
                    transaction.commit()
                return True
            except ConflictError:
                transaction.abort()
        logger.warning("The catalog entry of %s kept conflicting; the sweep will write it", where)
    except Exception:
        transaction.abort()
        logger.exception("Could not write the catalog entry of %s; the sweep will write it", where)
    return False
