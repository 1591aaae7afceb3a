"""The chart renders, lints and validates for each scenario, and renders what the operators rely on."""

import re
import subprocess

import pytest

from tests.helm.conftest import CHART
from tests.helm.conftest import KUBE_VERSION
from tests.helm.conftest import SCENARIOS
from tests.helm.conftest import containers
from tests.helm.conftest import kinds
from tests.helm.conftest import one
from tests.helm.conftest import pod_specs

SECRET_NAMES = re.compile(r"PASSWORD|PIN|SECRET|TOKEN|ACCESS_KEY|PRIVATE|DSN")


@pytest.fixture(scope="module", params=SCENARIOS)
def scenario(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def rendered(helm, scenario) -> list[dict]:
    return helm.manifests(scenario)


def test_lint_strict(helm, scenario):
    result = helm.run("lint", "--strict", str(CHART), "-f", str(CHART / "examples" / f"{scenario}.yaml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 chart(s) failed" in result.stdout


def test_every_manifest_is_valid_kubernetes(helm, kubernetes_validate, scenario, tmp_path):
    result = helm.template(scenario)
    assert result.returncode == 0, result.stderr
    manifest = tmp_path / f"{scenario}.yaml"
    manifest.write_text(result.stdout, encoding="utf-8")
    validated = subprocess.run(
        [*kubernetes_validate, "--strict", "--kubernetes-version", KUBE_VERSION, str(manifest)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "passed for resource deployment/sanji" in validated.stdout
    assert "ERROR" not in validated.stdout


def test_the_chart_carries_no_secrets(rendered):
    assert not kinds(rendered, "Secret"), "Secrets are created outside the chart and referenced by name"
    config = one(rendered, "ConfigMap")["data"]
    assert not [name for name in config if SECRET_NAMES.search(name) and name != "RELSTORAGE_DSN"]
    assert "password" not in config.get("RELSTORAGE_DSN", "").lower()
    for label, spec in pod_specs(rendered):
        for container in containers(spec):
            for variable in container.get("env", []):
                if SECRET_NAMES.search(variable["name"]):
                    assert "value" not in variable, f"{label}: {variable['name']} must come from a Secret"
                    assert "secretKeyRef" in variable["valueFrom"], f"{label}: {variable['name']}"


def test_templates_never_generate_or_look_up_secrets():
    for template in (CHART / "templates").iterdir():
        text = template.read_text(encoding="utf-8")
        for forbidden in ("randAlpha", "randAscii", "randBytes", "genPrivateKey", "genCA", "lookup ", "b64enc"):
            assert forbidden not in text, f"{template.name} uses {forbidden}"


def test_key_files_are_mounted_from_secrets(helm):
    rendered = helm.manifests("production")
    config = one(rendered, "ConfigMap")["data"]
    assert config["SANJI_MASTER_KEY_FILE"] == "/secrets/master-key/master-keys.json"
    assert config["SANJI_SEAL_AUTHORITY_KEY_FILE"] == "/secrets/seal-authority/seal-authority.pem"
    for label, spec in pod_specs(rendered):
        volumes = {volume["name"]: volume for volume in spec["volumes"]}
        assert volumes["master-key"]["secret"]["secretName"] == "sanji-master-key", label
        assert volumes["seal-authority"]["secret"]["secretName"] == "sanji-seal-authority", label
        for container in containers(spec):
            mounts = {mount["mountPath"]: mount for mount in container["volumeMounts"]}
            assert mounts["/secrets/master-key"]["readOnly"] is True
            assert mounts["/secrets/seal-authority"]["readOnly"] is True
            assert {"secretRef": {"name": "sanji-sms"}} in container["envFrom"]


def test_probes_on_ok_and_no_http_liveness(rendered):
    backend = one(rendered, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert backend["startupProbe"]["httpGet"]["path"] == "/ok"
    assert backend["readinessProbe"]["httpGet"]["path"] == "/ok"
    assert "httpGet" not in backend.get("livenessProbe", {}), "a busy pod must not be restarted"
    assert backend["livenessProbe"]["tcpSocket"]["port"] == "http"


def test_pods_run_as_non_root(rendered):
    for label, spec in pod_specs(rendered):
        assert spec["securityContext"]["runAsNonRoot"] is True, label
        assert spec["securityContext"]["runAsUser"] == 1000, label
        for container in containers(spec):
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, label


def test_every_cronjob_forbids_overlap_and_has_deadlines(rendered):
    cronjobs = {cronjob["metadata"]["name"]: cronjob for cronjob in kinds(rendered, "CronJob")}
    assert set(cronjobs) == {"sanji-sweep", "sanji-pack"}
    for name, cronjob in cronjobs.items():
        assert cronjob["spec"]["concurrencyPolicy"] == "Forbid", name
        assert cronjob["spec"]["startingDeadlineSeconds"] > 0, name
        assert cronjob["spec"]["jobTemplate"]["spec"]["activeDeadlineSeconds"] > 0, name
    assert cronjobs["sanji-sweep"]["spec"]["schedule"] == "*/10 * * * *"
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", cronjobs["sanji-pack"]["spec"]["schedule"]), "weekly"


def test_ingress_is_tls_only(rendered):
    ingress = one(rendered, "Ingress")
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    (tls,) = ingress["spec"]["tls"]
    assert tls["secretName"]
    assert tls["hosts"] == hosts
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"
    assert annotations["nginx.ingress.kubernetes.io/rewrite-target"].startswith(
        f"/VirtualHostBase/https/{hosts[0]}:443/"
    )


def test_production_has_several_replicas_and_a_disruption_budget(helm):
    rendered = helm.manifests("production")
    assert one(rendered, "HorizontalPodAutoscaler")["spec"]["minReplicas"] >= 2
    assert "replicas" not in one(rendered, "Deployment")["spec"], "the autoscaler owns the replica count"
    assert one(rendered, "PodDisruptionBudget")["spec"]["minAvailable"] >= 1

    fixed = helm.manifests("production", "autoscaling.enabled=false")
    assert one(fixed, "Deployment")["spec"]["replicas"] == 3
    assert not kinds(fixed, "HorizontalPodAutoscaler")
    assert one(fixed, "PodDisruptionBudget")["spec"]["minAvailable"] >= 1


def test_relstorage_replicas_share_the_database_and_a_hook_bootstraps_the_site(helm):
    rendered = helm.manifests("relstorage")
    deployment = one(rendered, "Deployment")
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert "initContainers" not in deployment["spec"]["template"]["spec"]
    assert one(rendered, "PodDisruptionBudget")["spec"]["minAvailable"] == 1
    config = one(rendered, "ConfigMap")["data"]
    assert config["RELSTORAGE_DSN"] == (
        "host='sanji-db-postgresql' port='5432' dbname='sanji' user='sanji' sslmode='prefer'"
    )
    env = {variable["name"]: variable for variable in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["PGPASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "sanji-db-postgresql", "key": "password"}

    job = one(rendered, "Job", "sanji-bootstrap")
    hooks = job["metadata"]["annotations"]["helm.sh/hook"].split(",")
    assert set(hooks) == {"post-install", "post-upgrade"}
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["create-site"]
    assert job["spec"]["activeDeadlineSeconds"] > 0

    cronjobs = {cronjob["metadata"]["name"]: cronjob for cronjob in kinds(rendered, "CronJob")}
    sweep = cronjobs["sanji-sweep"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert sweep["args"] == ["run", "sanji-sweep", "/data/instance/etc/zope.conf"]
    pack = cronjobs["sanji-pack"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert pack["args"] == ["pack", "--days", "7"]


def test_the_whole_dsn_can_come_from_a_secret(helm):
    rendered = helm.manifests("production")
    assert "RELSTORAGE_DSN" not in one(rendered, "ConfigMap")["data"]
    for label, spec in pod_specs(rendered):
        env = {variable["name"]: variable for variable in spec["containers"][0]["env"]}
        assert env["RELSTORAGE_DSN"]["valueFrom"]["secretKeyRef"] == {"name": "sanji-db", "key": "dsn"}, label


def test_replicas_share_their_counters_of_wrong_guesses_through_redis(helm):
    """With several replicas, wrong seal PINs and lookups are counted once for all (sanji.limits)."""
    for label, spec in pod_specs(helm.manifests("production")):
        env = {variable["name"]: variable for variable in spec["containers"][0]["env"]}
        assert env["SANJI_REDIS_URL"]["valueFrom"]["secretKeyRef"] == {"name": "sanji-redis", "key": "url"}, label
    for label, spec in pod_specs(helm.manifests("filestorage")):
        assert "SANJI_REDIS_URL" not in {variable["name"] for variable in spec["containers"][0].get("env", ())}, label


def test_sweep_command_is_a_value(helm):
    rendered = helm.manifests("relstorage", "sweep.command={sanji-sweep,/data/instance/etc/zope.conf,--dry-run}")
    sweep = one(rendered, "CronJob", "sanji-sweep")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert sweep["containers"][0]["args"][-1] == "--dry-run"
    without = helm.manifests("relstorage", "sweep.enabled=false")
    assert [cronjob["metadata"]["name"] for cronjob in kinds(without, "CronJob")] == ["sanji-pack"]
    # The pods' local sweep clock runs only when no CronJob sweeps.
    assert one(rendered, "ConfigMap")["data"]["SANJI_SWEEP_INTERVAL"] == "0"
    assert one(without, "ConfigMap")["data"]["SANJI_SWEEP_INTERVAL"] == "600"


def test_filestorage_is_one_pod_with_a_claim(helm):
    rendered = helm.manifests("filestorage")
    deployment = one(rendered, "Deployment")
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"]["type"] == "Recreate"
    assert not kinds(rendered, "PodDisruptionBudget")
    assert not kinds(rendered, "HorizontalPodAutoscaler")
    assert not kinds(rendered, "Job"), "a Job could not open Data.fs while the pod holds it"
    claim = one(rendered, "PersistentVolumeClaim")
    assert claim["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    pod = deployment["spec"]["template"]["spec"]
    data = next(volume for volume in pod["volumes"] if volume["name"] == "data")
    assert data["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    (bootstrap,) = pod["initContainers"]
    assert bootstrap["args"] == ["create-site"]
    config = one(rendered, "ConfigMap")["data"]
    assert "RELSTORAGE_DSN" not in config
    assert "ZEO_ADDRESS" not in config


def test_filestorage_cronjobs_call_the_running_instance(helm):
    rendered = helm.manifests("filestorage")
    for cronjob in kinds(rendered, "CronJob"):
        pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        assert not [volume for volume in pod["volumes"] if "persistentVolumeClaim" in volume]
        script = pod["containers"][0]["args"][2]
        assert "curl --fail" in script
        assert "http://sanji:8080/" in script


def test_zeo_mode(helm):
    rendered = helm.manifests(
        "relstorage", "storage.mode=zeo", "storage.zeo.address=zeo:8100", "storage.relstorage.host="
    )
    config = one(rendered, "ConfigMap")["data"]
    assert config["ZEO_ADDRESS"] == "zeo:8100"
    assert "RELSTORAGE_DSN" not in config
    assert one(rendered, "Deployment")["spec"]["replicas"] == 2
    assert one(rendered, "Job", "sanji-bootstrap")


def test_settings_roll_the_pods(helm):
    def checksum(*sets):
        deployment = one(helm.manifests("relstorage", *sets), "Deployment")
        return deployment["spec"]["template"]["metadata"]["annotations"]["checksum/config"]

    assert checksum() != checksum("threads=8")
