"""Citizens follow their case with the receipt number and the last four digits of their mobile phone.

``lookup`` answers (no personal data, no staff names), ``ratelimit`` stops guessing; the ``@track``
service and the public ``@@track`` page both go through :func:`sanji.tracking.lookup.track_limited`.
"""
