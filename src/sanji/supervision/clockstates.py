"""The states in which a case's promised time runs, and so in which it can earn a card."""

#: With a tier, or decided but not yet issued (办结): the promised time runs until the result is issued.
RUNNING_STATES = ("accepted", "township_review", "county_approval", "approved", "rejected")
