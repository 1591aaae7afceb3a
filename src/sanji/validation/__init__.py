"""Checks of what applicants and agents type or upload: ID numbers, mobile numbers, captured files.

Plain functions raising zope.schema ValidationErrors, so content schemas, easyform fields, the capture
page and REST services all refuse the same values with the same sentence.
"""
