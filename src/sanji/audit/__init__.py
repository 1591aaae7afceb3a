"""The tamper-evident audit log: ``from sanji import audit; audit.log("reveal", case, field="phone")``.

See :mod:`sanji.audit.chain` for the entries, the chain and its concurrency.
"""

from sanji.audit.chain import count
from sanji.audit.chain import log
from sanji.audit.chain import recent
from sanji.audit.chain import tail
from sanji.audit.chain import verify

__all__ = ["count", "log", "recent", "tail", "verify"]
