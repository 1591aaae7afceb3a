"""Counters of wrong guesses that every replica shares: seal PIN lockouts and lookup rate limits.

One instance counts in its own memory (:mod:`sanji.seals.lockout`, :mod:`sanji.tracking.ratelimit`).
With several replicas each would count alone and an attacker would get N times the tries, so when
``SANJI_REDIS_URL`` is set the counters live in Redis instead (:mod:`.redis_window`), chosen at start-up
by :mod:`.factories` like RELSTORAGE_DSN chooses the storage: no code or ZCML changes.
"""
