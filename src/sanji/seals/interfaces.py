"""Extension points of the seals: the signer, and where wrong PINs are counted.

A signer is a named utility providing :class:`ISigner`; its name is the ``algorithm`` recorded in
every chain entry, so verification finds the signer an entry was made with even after the
default changed. The default (:mod:`sanji.seals.signer`) signs with the X.509 key of the seal
(ECDSA P-256 with SHA-256). A national-standard signer (SM2 with SM3, e.g. with ``gmssl``) or a
hardware key (UKey, through PKCS#11) registers under another name and is chosen per seal.

The PAdES signature of the decision PDF is made by pyHanko (:func:`sanji.seals.pades.sign_pdf`) through
:class:`sanji.seals.pades.SealSigner`, a pyHanko ``Signer`` that takes the raw signature from the seal's
:class:`ISigner`; an SM2 signer would also give it its signature mechanism (the CMS algorithm identifier).
"""

from zope.interface import Attribute
from zope.interface import Interface


class ISigner(Interface):
    """Signs and verifies the bytes of one chain entry."""

    algorithm = Attribute("Name recorded with each signature, e.g. 'x509-sha256'; the utility's name")

    def sign(data: bytes, unlocked_key) -> bytes:
        """The signature of ``data`` with ``unlocked_key`` (from :func:`sanji.seals.opening.unlock_seal`)."""

    def verify(data: bytes, signature: bytes, certificate) -> bool:
        """True when ``signature`` over ``data`` was made with the key of ``certificate`` (a cryptography X.509)."""


class ISealLockout(Interface):
    """Counts wrong seal PINs per holder; too many within a window lock the seal for a while.

    The in-process implementation (:class:`sanji.seals.lockout.InMemoryLockout`) is right for one
    instance; with several replicas ``SANJI_REDIS_URL`` selects the shared one
    (:class:`sanji.limits.lockout.RedisLockout`).
    Wrong PINs cannot be counted in the ZODB: the refused step's transaction is not committed
    with it, or is aborted.
    """

    def locked_for(holder: str) -> float:
        """Seconds until ``holder`` may try again; 0 when the seal is not locked."""

    def failure(holder: str) -> int:
        """Count a wrong PIN now; return how many more are allowed before the lock (0: locked now)."""

    def success(holder: str) -> None:
        """A right PIN: forget the wrong ones."""

    def unlock(holder: str) -> None:
        """Lift a lock (the seal administrator, after checking who tried)."""

    def clear() -> None:
        """Forget everything (tests)."""
