"""Staff keys: certificates naming the holder, private keys that only the PIN (and our authority) open."""

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from sanji.seals.authority import generate_authority
from sanji.seals.keys import Holder
from sanji.seals.keys import WrongPin
from sanji.seals.keys import issue_certificate
from sanji.seals.keys import lock_key
from sanji.seals.keys import new_key
from sanji.seals.keys import pin_is_acceptable
from sanji.seals.keys import unlock_key
from sanji.seals.signer import X509Signer

AUTHORITY = generate_authority("测试电子签章中心")
HOLDER = Holder("approver-minzheng", "郑玉敏", "county", "肃宁县民政局", "minzheng")


def test_certificate_names_person_tier_and_organisation():
    key = new_key()
    certificate = issue_certificate(AUTHORITY, key.public_key(), HOLDER)
    subject = certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "郑玉敏"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "肃宁县民政局"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == "县级"
    assert subject.get_attributes_for_oid(NameOID.USER_ID)[0].value == "approver-minzheng"
    certificate.verify_directly_issued_by(AUTHORITY.certificate)
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert certificate.not_valid_after_utc <= AUTHORITY.certificate.not_valid_after_utc


def test_private_key_is_stored_encrypted_and_opens_only_with_the_pin():
    key = new_key()
    locked = lock_key(key, "123456", AUTHORITY)
    assert locked.pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    opened = unlock_key(locked, "123456", AUTHORITY)
    assert opened.private_numbers() == key.private_numbers()
    with pytest.raises(WrongPin):
        unlock_key(locked, "654321", AUTHORITY)


def test_the_pin_alone_does_not_open_the_key_without_our_authority():
    """A copy of the database is not enough to try PINs: the passphrase also needs the authority's key."""
    locked = lock_key(new_key(), "123456", AUTHORITY)
    with pytest.raises(WrongPin):
        unlock_key(locked, "123456", generate_authority("别的电子签章中心"))
    from cryptography.hazmat.primitives import serialization

    with pytest.raises((TypeError, ValueError)):
        serialization.load_pem_private_key(locked.pem, password=b"123456")


def test_pin_rules():
    assert pin_is_acceptable("123456")
    assert not pin_is_acceptable("12345")
    assert not pin_is_acceptable(" 123456")
    assert not pin_is_acceptable("")


def test_default_signer_signs_and_verifies_with_the_certificate():
    key = new_key()
    certificate = issue_certificate(AUTHORITY, key.public_key(), HOLDER)
    signer = X509Signer()
    signature = signer.sign(b"data", key)
    assert signer.verify(b"data", signature, certificate)
    assert not signer.verify(b"Data", signature, certificate)
    assert not signer.verify(b"data", b"garbage", certificate)
