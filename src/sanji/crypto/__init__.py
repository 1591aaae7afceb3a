"""Second encryption at rest (二次加密): master key ring, envelope encryption, reveal, rotation, shredding.

- :mod:`sanji.crypto.keys`: the master key ring from SANJI_MASTER_KEY_FILE (never in the ZODB) and its
  checks in the site.
- :mod:`sanji.crypto.envelope`: per-application data keys and AES-GCM; what
  :mod:`sanji.api.personal_data` and :mod:`sanji.capture.pages` store.
- :mod:`sanji.crypto.reveal`: ``@@reveal``, the audited way to see one personal field unmasked.
- :mod:`sanji.crypto.rotation` and :mod:`sanji.crypto.shredding`: key maintenance and retention.
- :mod:`sanji.crypto.startup`: the check that stops Zope with a missing or wrong key.
"""
