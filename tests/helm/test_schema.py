"""values.schema.json refuses bad values before anything is rendered, and says why.

Helm prints a schema failure as ``at '/path': <message>``; the cross-field rules use the message
text itself as the only admissible value, so the message reads ``value must be '<explanation>'``.
"""

import pytest

REJECTED = [
    pytest.param("relstorage", ["replicas=0"], "/replicas", "minimum: got 0, want 1", id="replicas-below-one"),
    pytest.param(
        "relstorage", ["storage.mode=mysql"], "/storage/mode", "'relstorage', 'filestorage', 'zeo'", id="unknown-mode"
    ),
    pytest.param(
        "relstorage",
        ["storage.relstorage.host="],
        "/storage/relstorage/host",
        "storage.mode relstorage needs a database",
        id="relstorage-without-database",
    ),
    pytest.param(
        "relstorage",
        ["storage.mode=zeo"],
        "/storage/zeo/address",
        "storage.mode zeo needs one",
        id="zeo-without-address",
    ),
    pytest.param(
        "filestorage", ["replicas=2"], "/replicas", "a second process cannot open Data.fs", id="filestorage-replicas"
    ),
    pytest.param(
        "filestorage",
        ["autoscaling.enabled=true"],
        "/autoscaling/enabled",
        "it runs exactly one replica",
        id="filestorage-autoscaling",
    ),
    pytest.param(
        "filestorage",
        ["secrets.admin.existingSecret="],
        "/secrets/admin/existingSecret",
        "the chart never generates or defaults it",
        id="no-admin-secret",
    ),
    pytest.param(
        "relstorage",
        ["secrets.masterKey.existingSecret="],
        "/secrets/masterKey/existingSecret",
        "replicas sharing a database must share one ring",
        id="shared-storage-without-master-key",
    ),
    pytest.param(
        "production",
        ["secrets.masterKey.existingSecret="],
        "/secrets/masterKey/existingSecret",
        "production never generates keys",
        id="production-without-master-key",
    ),
    pytest.param(
        "production",
        ["secrets.sealAuthority.existingSecret="],
        "/secrets/sealAuthority/existingSecret",
        "production never generates keys",
        id="production-without-seal-authority",
    ),
    pytest.param(
        "production",
        ["secrets.demo.existingSecret="],
        "/secrets/demo/existingSecret",
        "production never runs on the defaults demo and 123456",
        id="production-without-demo-secret",
    ),
    pytest.param(
        "production",
        ["autoscaling.enabled=false", "replicas=1"],
        "/replicas",
        "2 or more in production",
        id="production-one-replica",
    ),
    pytest.param("production", ["image.tag=latest"], "/image/tag", "not latest", id="latest-tag"),
    pytest.param("relstorage", ["image.tag=latest"], "/image/tag", "not latest", id="latest-tag-development"),
    pytest.param("production", ["image.tag="], "/image/tag", "the version to run", id="production-unpinned-tag"),
    pytest.param(
        "relstorage",
        ["ingress.tls.secretName="],
        "/ingress/tls/secretName",
        "the Ingress is HTTPS only",
        id="ingress-without-tls",
    ),
    pytest.param("relstorage", ["replica=3"], "", "additional properties 'replica' not allowed", id="typo"),
    pytest.param(
        "relstorage", ["probes.readiness.path=ok"], "/probes/readiness/path", "does not match pattern", id="probe-path"
    ),
]


@pytest.mark.parametrize(("scenario", "sets", "path", "message"), REJECTED)
def test_schema_rejects_with_a_clear_message(helm, scenario, sets, path, message):
    result = helm.template(scenario, *sets)

    assert result.returncode != 0, f"--set {sets} was accepted"
    assert "values don't meet the specifications of the schema" in result.stderr
    assert f"at '{path}'" in result.stderr, result.stderr
    assert message in result.stderr, result.stderr


def test_lint_reports_the_same(helm):
    from tests.helm.conftest import CHART

    result = helm.run(
        "lint", "--strict", str(CHART), "-f", str(CHART / "examples" / "filestorage.yaml"), "--set", "replicas=2"
    )
    assert result.returncode != 0
    assert "a second process cannot open Data.fs" in result.stdout + result.stderr


def test_the_chart_alone_names_everything_missing(helm):
    """Without an example's values the chart refuses and lists each thing to provide."""
    result = helm.template(None)
    assert result.returncode != 0
    for path in (
        "/secrets/admin/existingSecret",
        "/storage/relstorage/host",
        "/secrets/masterKey/existingSecret",
        "/secrets/sealAuthority/existingSecret",
    ):
        assert f"at '{path}'" in result.stderr


@pytest.mark.parametrize(
    "sets",
    [
        pytest.param(["replicas=1"], id="filestorage-one-replica"),
        pytest.param(["sweep.enabled=false", "pack.enabled=false"], id="no-cronjobs"),
        pytest.param(["ingress.enabled=false", "ingress.tls.secretName="], id="no-ingress"),
    ],
)
def test_good_values_pass(helm, sets):
    result = helm.template("filestorage", *sets)
    assert result.returncode == 0, result.stderr
