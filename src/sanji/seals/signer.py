"""The default signer: the seal's own X.509 key, ECDSA (or RSA) with SHA-256."""

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa
from zope.component import getUtility
from zope.component import queryUtility
from zope.interface import implementer

from sanji.seals.interfaces import ISigner

#: The signer new seals use, and the name of its utility.
DEFAULT_ALGORITHM = "x509-sha256"


@implementer(ISigner)
class X509Signer:
    """Signs with the private key unlocked from the seal; verifies with its certificate's public key."""

    algorithm = DEFAULT_ALGORITHM

    def sign(self, data: bytes, unlocked_key) -> bytes:
        if isinstance(unlocked_key, rsa.RSAPrivateKey):
            return unlocked_key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return unlocked_key.sign(data, ec.ECDSA(hashes.SHA256()))

    def verify(self, data: bytes, signature: bytes, certificate) -> bool:
        public_key = certificate.public_key()
        try:
            if isinstance(public_key, rsa.RSAPublicKey):
                public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
            else:
                public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, TypeError, ValueError):
            return False
        return True


def get_signer(algorithm: str = DEFAULT_ALGORITHM) -> ISigner:
    """The signer registered for ``algorithm``; the built-in one also outside a Zope site (scripts)."""
    signer = queryUtility(ISigner, name=algorithm)
    if signer is None and algorithm == DEFAULT_ALGORITHM:
        return X509Signer()
    return signer if signer is not None else getUtility(ISigner, name=algorithm)
