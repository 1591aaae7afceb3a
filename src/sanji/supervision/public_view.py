"""``@@supervision-public``: the public page (办件公开), anonymous; data from :mod:`sanji.supervision.public`."""

from functools import cached_property

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from sanji.deadlines.calendar import today
from sanji.supervision.public import public_statistics


class PublicView(BrowserView):
    index = ViewPageTemplateFile("templates/public.pt")

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "public, max-age=60")
        return self.index()

    @cached_property
    def stats(self) -> dict:
        return public_statistics(today())

    @staticmethod
    def percent(rate: float | None) -> str:
        return "–" if rate is None else f"{rate * 100:.1f}%"

    def monthly(self) -> list[dict]:
        """The last twelve months with bar widths relative to the busiest month."""
        rows = self.stats["monthly"]["rows"]
        widest = max((row["accepted"] for row in rows), default=0) or 1
        return [
            {**row, "width": 100 * row["accepted"] / widest, "completed_width": 100 * row["completed"] / widest}
            for row in rows
        ]
