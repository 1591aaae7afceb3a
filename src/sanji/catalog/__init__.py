"""Catalog entries of new cases, written after the submission's commit, one writer at a time.

Every new catalog entry inserts into some hundred BTrees that every other new entry shares, and every
insert marks the tree nodes it walked as read (ZODB ``readCurrent``): over a shared storage two
submissions at once nearly always conflicted, and Zope retried them after a random pause of up to
seconds. So a submission published over HTTP commits its case without the catalog entry
(:mod:`.after_commit`), and the same request, before it answers, writes the entry in a short
transaction of its own, one such writer at a time across every instance (:mod:`.writer_lock`): these
transactions never conflict with each other, and a conflict with other work retries only them; each
process writes them on a connection of its own (:mod:`.writer_connection`). If a
process dies between the two commits, the sweep's task ``05-catalog`` (:mod:`.reconcile`) finds the
village whose cases the catalog misses and indexes them.
"""
