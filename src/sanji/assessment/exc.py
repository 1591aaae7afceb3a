"""Refusals of the assessment's write operations; ``message`` is for the person who tried (i18n)."""

from sanji import _


class AssessmentRefused(ValueError):
    """Nothing was recorded; ``message`` says why and ``field`` names the input at fault, if one is."""

    status = 400
    type = "BadRequest"

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PeriodClosed(AssessmentRefused):
    """The period is closed: its scores are frozen."""

    status = 409
    type = "PeriodClosed"

    def __init__(self, period: str):
        super().__init__(
            _(
                "error_assessment_period_closed",
                default="The period ${period} is closed: its scores are frozen and no entry can be added or changed.",
                mapping={"period": period},
            ),
            "period",
        )
        self.period = period


class InvalidPeriod(AssessmentRefused):
    """Not a period name (``YYYY-MM``)."""

    def __init__(self, message):
        super().__init__(message, "period")
