"""人机考核 (human-machine assessment): what the program can score, it scores; managers assess the rest.

- :mod:`.ledger` keeps per-period counters per person and per station, filled by :mod:`.subscribers`
  from the lifecycle events (steps, returns, cards), so scoring a month costs O(staff), not O(cases);
- :mod:`.scoring` turns counters, manual scores and the weights of :mod:`.settings` into scores and ranks;
- :mod:`.manual`, :mod:`.incidents` and :mod:`.closing` are what managers and supervisors record, each
  audited in :mod:`sanji.audit`; a closed period keeps a snapshot of its scores and changes no more;
- :mod:`.ranking` reads either the live counters or the snapshot, for the views, ``@assessment`` and the export.
"""
