"""Electronic seals (电子签章): the county's seal authority, staff seals, the sealed chain of every
case, the signed decision PDF and public verification.

- :mod:`.authority` the county root certificate and its revocation list (CRL);
- :mod:`.keys` key pairs, certificates and PIN-protected private keys;
- :mod:`.store` the register of issued seals (issue, revoke, renew, change PIN, unlock);
- :mod:`.interfaces` / :mod:`.signer` the signer behind a named utility (SM2/SM3 or a UKey later);
- :mod:`.chain` the before/after-transition subscribers that seal every step;
- :mod:`.verify` checking a case's chain and a PDF's signatures;
- :mod:`.decision` the decision document (审批结果通知书 / 不予批准决定书), signed as PAdES;
- :mod:`.stamp` the red round stamp image.
"""
