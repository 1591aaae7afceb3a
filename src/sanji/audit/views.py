"""``@@audit-log``: the supervisors' view of the audit log, newest first, with the chain checked on top."""

from datetime import datetime
from functools import cached_property

from plone import api
from Products.Five.browser import BrowserView

from sanji.audit.chain import count
from sanji.audit.chain import recent
from sanji.audit.chain import tail
from sanji.audit.chain import verify
from sanji.deadlines import calendar

#: The permission of this view, granted to Supervisor and Manager in rolemap.xml.
VIEW_AUDIT_LOG = "sanji: View audit log"
PAGE_SIZE = 50


class AuditLogView(BrowserView):
    """Reads the log only. Verifying walks the whole chain: about a second per 100,000 entries.

    Beyond a few hundred thousand entries this page gets slow; then verify from cron with
    ``sanji-audit-verify`` and show its last result here instead.
    """

    @cached_property
    def verification(self) -> dict:
        ok, broken = verify()
        seq, digest = tail()
        return {"ok": ok, "broken": broken, "tail_seq": seq, "tail_hash": digest}

    @property
    def start(self) -> int:
        try:
            return max(int(self.request.form.get("b_start", 0)), 0)
        except (TypeError, ValueError):
            return 0

    def total(self) -> int:
        return count()

    def entries(self) -> list[dict]:
        rows = []
        for entry in recent(self.start, PAGE_SIZE):
            target = entry.get("object") or {}
            rows.append(
                {
                    "seq": entry["seq"],
                    "time": self.local_time(entry["time"]),
                    "actor": entry["actor"],
                    "action": entry["action"],
                    "receipt": target.get("receipt", ""),
                    "path": target.get("path", ""),
                    "url": self.object_url(target),
                    "details": ", ".join(
                        f"{key}={value}" for key, value in sorted((entry.get("details") or {}).items())
                    ),
                }
            )
        return rows

    def object_url(self, target: dict) -> str:
        uid = target.get("uid")
        obj = api.content.get(UID=uid) if uid else None
        return obj.absolute_url() if obj is not None else ""

    @staticmethod
    def local_time(value: str) -> str:
        return datetime.fromisoformat(value).astimezone(calendar.local_zone()).strftime("%Y-%m-%d %H:%M:%S")

    def _url(self, start: int) -> str:
        return f"{self.context.absolute_url()}/@@audit-log?b_start={start}"

    def newer_url(self) -> str | None:
        return self._url(max(self.start - PAGE_SIZE, 0)) if self.start > 0 else None

    def older_url(self) -> str | None:
        return self._url(self.start + PAGE_SIZE) if self.start + PAGE_SIZE < self.total() else None
