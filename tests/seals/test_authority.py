"""The seal authority: its key file (generated locally, imported in production) and its CRL."""

import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from sanji.seals import store
from sanji.seals.authority import KEY_FILE_VARIABLE
from sanji.seals.authority import SealAuthorityError
from sanji.seals.authority import authority_pem
from sanji.seals.authority import generate_authority
from sanji.seals.authority import key_file
from sanji.seals.authority import load_authority
from sanji.seals.authority import parse_authority


def test_local_default_is_generated_once_into_var_secrets_0600(tmp_path):
    environ = {"SANJI_VAR": str(tmp_path)}
    first = load_authority(create_as="测试县电子签章中心", environ=environ)
    path = tmp_path / "secrets" / "seal-authority.pem"
    assert key_file(environ) == (path, False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert first.name == "测试县电子签章中心"
    again = load_authority(create_as="another", environ=environ)
    assert again.fingerprint == first.fingerprint  # read back, never generated twice


def test_root_certificate_is_a_ca_for_seals_only():
    authority = generate_authority("肃宁县电子签章中心 (示例)")
    certificate = authority.certificate
    assert certificate.issuer == certificate.subject
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    certificate.verify_directly_issued_by(certificate)


def test_production_file_is_imported_and_never_created(tmp_path):
    named = tmp_path / "mounted" / "authority.pem"
    with pytest.raises(SealAuthorityError, match=KEY_FILE_VARIABLE):
        load_authority(create_as="x", environ={KEY_FILE_VARIABLE: str(named)})
    assert not named.exists()
    authority = generate_authority("肃宁县电子签章中心")
    named.parent.mkdir()
    named.write_bytes(authority_pem(authority))
    loaded = load_authority(environ={KEY_FILE_VARIABLE: str(named)})
    assert loaded.fingerprint == authority.fingerprint


def test_a_key_file_with_a_foreign_certificate_is_refused():
    one, other = generate_authority("甲"), generate_authority("乙")
    key = one.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(SealAuthorityError, match="does not belong"):
        parse_authority(key + other.certificate.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(SealAuthorityError, match="PEM private key"):
        parse_authority(b"not a key")


def test_site_knows_the_authority_and_keeps_no_private_key(portal):
    authority = store.ensure_authority()
    registry = store.registry()
    assert registry.authority == authority.fingerprint
    assert store.authority_certificate() == authority.certificate
    pickled_fields = repr(vars(registry))
    assert "PRIVATE KEY" not in pickled_fields
    for record in store.all_seals():
        assert b"ENCRYPTED PRIVATE KEY" in record.key_pem
        assert b"BEGIN PRIVATE KEY" not in record.key_pem


def test_another_key_file_than_the_sites_is_refused(portal, tmp_path, monkeypatch):
    other = tmp_path / "other.pem"
    other.write_bytes(authority_pem(generate_authority("别的县电子签章中心")))
    monkeypatch.setenv(KEY_FILE_VARIABLE, str(other))
    with pytest.raises(SealAuthorityError, match="Mount the right file"):
        store.ensure_authority()


def test_revoking_publishes_a_crl_signed_by_the_authority(portal):
    record = store.current_seal("agent-qianfeng")
    before = x509.load_der_x509_crl(store.current_crl())
    store.revoke_seal(record.serial, "key_compromise", "PIN 被他人知悉", "admin")
    crl = x509.load_der_x509_crl(store.current_crl())
    assert crl.is_signature_valid(store.authority_certificate().public_key())
    revoked = crl.get_revoked_certificate_by_serial_number(record.certificate.serial_number)
    assert revoked is not None
    assert revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.key_compromise
    number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert number > before.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert store.current_seal("agent-qianfeng") is None
    assert record.status() == "revoked"


def test_crl_and_root_certificate_are_public(portal, web_request):
    from plone.app.testing import logout

    logout()
    request = web_request
    crl = portal.restrictedTraverse("@@seal-crl")()
    assert request.response.getHeader("Content-Type") == "application/pkix-crl"
    x509.load_der_x509_crl(crl)
    der = portal.restrictedTraverse("@@seal-authority.crt")()
    assert x509.load_der_x509_certificate(der) == store.authority_certificate()
