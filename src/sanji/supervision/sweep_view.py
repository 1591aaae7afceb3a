"""``@@sanji-sweep``: run the sweep inside a running instance (one FileStorage, or a local clock).

POST only, for Manager and Site Administrator (cmf.ManagePortal); the chart's CronJob posts here
as admin in FileStorage mode. Answers the report as JSON: 200 when every task ran, 500 when one
failed (the others still ran), 405 for any other method.
"""

import json

from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zope.interface import alsoProvides

from sanji.supervision.sweep import run_sweep


class SweepView(BrowserView):
    """The tasks commit on their own; a cross-site POST could only make a sweep run early, which is harmless."""

    def __call__(self) -> str:
        response = self.request.response
        response.setHeader("Content-Type", "application/json; charset=utf-8")
        response.setHeader("Cache-Control", "no-store")
        if self.request.get("REQUEST_METHOD", "GET").upper() != "POST":
            response.setStatus(405)
            response.setHeader("Allow", "POST")
            return json.dumps({"error": {"type": "MethodNotAllowed", "message": "POST to run the sweep."}})
        alsoProvides(self.request, IDisableCSRFProtection)
        report = run_sweep(self.context)
        response.setStatus(200 if report.ok else 500)
        return json.dumps(report.as_dict(), ensure_ascii=False)
