"""Control panel of the working-day calendar: the extra holidays and extra working days.

Above the form it names the years chinesecalendar does not know yet, so the administrator knows when
Monday–Friday and these lists are all the portal has to go on.
"""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from sanji import _
from sanji.deadlines.calendar import get_calendar
from sanji.deadlines.calendar import today
from sanji.deadlines.settings import PREFIX
from sanji.deadlines.settings import IDeadlineSettings


class DeadlineSettingsForm(RegistryEditForm):
    """The two lists of IDeadlineSettings, saved sorted and without repeats."""

    schema = IDeadlineSettings
    schema_prefix = PREFIX
    label = _("heading_deadlines_controlpanel", default="Working-day calendar")
    description = _(
        "description_deadlines_controlpanel",
        default="Time limits count working days on the official Chinese holiday calendar. "
        "Correct it here where the offices close or work otherwise.",
    )

    def applyChanges(self, data):
        data = {name: sorted(set(value)) if isinstance(value, list) else value for name, value in data.items()}
        return super().applyChanges(data)


class DeadlineControlPanel(ControlPanelFormWrapper):
    """@@sanji-deadlines-controlpanel: the form in the control panel layout, with the unknown-years notice."""

    form = DeadlineSettingsForm
    index = ViewPageTemplateFile("templates/controlpanel.pt")

    def years(self) -> tuple[int, int]:
        """This year and the next, in the county's timezone."""
        year = today().year
        return year, year + 1

    def unknown_years(self) -> list[int]:
        """Those of this year and the next that chinesecalendar does not know."""
        return get_calendar().unknown_years(self.years())

    def known_years(self) -> list[int]:
        unknown = self.unknown_years()
        return [year for year in self.years() if year not in unknown]
