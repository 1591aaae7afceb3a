"""What goes wrong with the second layer of encryption, each with a message an operator can act on.

Every failure to open data raises one of these; nothing ever returns garbage or an empty value for
data that exists but cannot be opened (only crypto-shredded data reads as empty, on purpose).
"""


class CryptoError(Exception):
    """Base of the errors of :mod:`sanji.crypto`."""


class KeyRingError(CryptoError):
    """The master key file is missing, unreadable or malformed; the message names the file."""


class WrongMasterKey(KeyRingError):
    """The key ring does not open this site's data: a key id is missing or holds another key."""


class DecryptionFailed(CryptoError):
    """A ciphertext fails authentication: it was altered, moved to another case, or is not ours."""


class DataShredded(CryptoError):
    """The data key was destroyed at the end of the retention period; ``when`` says when."""

    def __init__(self, message: str, when=None):
        super().__init__(message)
        self.when = when
