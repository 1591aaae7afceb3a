"""Working-day deadlines of applications, counted on the official Chinese holiday calendar.

calendar: which days are working days; steps: the time limit of each tier; ledger: the pauses for
correction; clock: where a case stands; settings and controlpanel: the administrators' corrections.
"""
