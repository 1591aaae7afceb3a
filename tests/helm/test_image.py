"""The production image: what its Dockerfile promises (no engine runs here, so it is read, not built),
what its entry point runs, and the build-time checks it relies on."""

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helm.conftest import ROOT
from tests.helm.conftest import kinds

DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


def instructions() -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` of the Dockerfile, continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        current += " " + stripped.removesuffix("\\")
        if not stripped.endswith("\\"):
            logical.append(current.strip())
            current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1] if " " in text else "") for text in logical]


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(index for index, (name, _args) in enumerate(steps) if name == "FROM")
    return steps[last_from:]


def test_base_image_is_python_311_slim_bookworm():
    steps = instructions()
    assert ("ARG", "PYTHON_IMAGE=python:3.11-slim-bookworm") in steps
    froms = [args for name, args in steps if name == "FROM"]
    assert len(froms) >= 2, "multi-stage: a builder with compilers, a slim runtime"
    assert all(args.startswith("${PYTHON_IMAGE}") for args in froms)


def test_runs_as_a_non_root_user():
    users = [args for name, args in final_stage() if name == "USER"]
    assert users, "the runtime stage sets USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "a numeric uid, so that Kubernetes' runAsNonRoot can verify it"
    assert int(uid) == 1000


def test_every_pip_install_is_constrained():
    commands = [
        command.strip()
        for name, args in instructions()
        if name == "RUN"
        for command in re.split(r"&&|;|\|\|", args)
        if re.search(r"\bpip\b.*\binstall\b", command)
    ]
    assert commands, "the image installs with pip"
    for command in commands:
        words = shlex.split(command)
        assert "-c" in words, f"unconstrained: {command}"
        assert words[words.index("-c") + 1] == "constraints.txt", command
        assert not [word for word in words if word.startswith(("--index-url", "--extra-index-url", "-i", "git+"))]
        assert not [word for word in words if "://" in word], f"downloads something unpinned: {command}"
    assert any('".[relstorage]"' in command or ".[relstorage]" in command for command in commands)
    build = " ".join(args for name, args in instructions() if name == "RUN")
    assert "check_pinned.py constraints.txt" in build, "the build fails on an unpinned dependency"


def test_exposes_8080_with_a_health_check_on_ok():
    stage = final_stage()
    assert ("EXPOSE", "8080") in stage
    (health,) = [args for name, args in stage if name == "HEALTHCHECK"]
    assert "http://127.0.0.1:8080/ok" in health
    env = " ".join(args for name, args in stage if name == "ENV")
    assert "SANJI_LISTEN=0.0.0.0:8080" in env
    assert "SANJI_VAR=/data" in env


def test_entrypoint_and_copied_sources_exist():
    stage = final_stage()
    (entrypoint,) = [args for name, args in stage if name == "ENTRYPOINT"]
    assert "/app/entrypoint.sh" in entrypoint
    assert "tini" in entrypoint, "PID 1 must pass SIGTERM on to runwsgi"
    assert os.access(ENTRYPOINT, os.X_OK)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for name, args in instructions():
        if name == "COPY" and "--from=" not in args:
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert source.rstrip("/") not in ignored, f"{source} is in .dockerignore"


@pytest.fixture
def stubs(tmp_path) -> tuple[dict, Path]:
    """An environment whose runwsgi, sanji-create-site, sanji-pack and sanji-sweep only log their calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("runwsgi", "sanji-create-site", "sanji-pack", "sanji-sweep"):
        stub = bin_dir / name
        stub.write_text(f'#!/bin/sh\necho "{name} $* ZOPE_CONF=${{ZOPE_CONF:-}}" >> "{log}"\n', encoding="utf-8")
        stub.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SANJI_", "RELSTORAGE_", "ZEO_"))}
    env.update(
        PATH=f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin",
        SANJI_VAR=str(tmp_path / "data"),
        SANJI_TEMPLATES=str(ROOT / "instance"),
        SANJI_LISTEN="0.0.0.0:8080",
    )
    return env, log


def entrypoint(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_start_renders_the_instance_and_serves(stubs, tmp_path):
    env, log = stubs
    result = entrypoint(env)
    assert result.returncode == 0, result.stderr
    etc = tmp_path / "data" / "instance" / "etc"
    assert "listen = 0.0.0.0:8080" in (etc / "zope.ini").read_text()
    assert log.read_text().splitlines() == [f"runwsgi {etc}/zope.ini ZOPE_CONF={etc}/zope.conf"]


def test_start_creates_the_site_when_asked(stubs, tmp_path):
    env, log = stubs
    result = entrypoint({**env, "CREATE_SITE": "true"}, "start")
    assert result.returncode == 0, result.stderr
    etc = tmp_path / "data" / "instance" / "etc"
    calls = [line.split()[0:2] for line in log.read_text().splitlines()]
    assert calls == [["sanji-create-site", f"{etc}/zope.conf"], ["runwsgi", f"{etc}/zope.ini"]]


def test_one_off_commands(stubs, tmp_path):
    env, log = stubs
    conf = tmp_path / "data" / "instance" / "etc" / "zope.conf"
    assert entrypoint(env, "create-site").returncode == 0
    assert entrypoint(env, "pack", "--days", "3").returncode == 0
    assert entrypoint(env, "run", "sanji-sweep", "/data/instance/etc/zope.conf").returncode == 0
    assert log.read_text().splitlines() == [
        f"sanji-create-site {conf} ZOPE_CONF={conf}",
        f"sanji-pack {conf} --days 3 ZOPE_CONF={conf}",
        f"sanji-sweep /data/instance/etc/zope.conf ZOPE_CONF={conf}",
    ]
    refused = entrypoint(env, "run")
    assert refused.returncode == 2
    assert "run needs a command" in refused.stderr


def test_bad_environment_stops_the_container(stubs):
    env, log = stubs
    result = entrypoint({**env, "RELSTORAGE_DSN": "host=db", "ZEO_ADDRESS": "zeo:8100"})
    assert result.returncode != 0
    assert "not both" in result.stderr
    assert not log.exists()


def test_filestorage_cronjob_passes_the_admin_password_safely(helm, tmp_path):
    """The FileStorage pack CronJob's shell line, run with a stand-in curl: config on stdin, POST."""
    pack = next(
        cronjob
        for cronjob in kinds(helm.manifests("filestorage"), "CronJob")
        if cronjob["metadata"]["name"].endswith("pack")
    )
    container = pack["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][:2] == ["sh", "-c"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "curl.txt"
    curl = bin_dir / "curl"
    curl.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\ncat >> "{record}"\n', encoding="utf-8")
    curl.chmod(0o755)
    password = 'pa"ss\\word $HOME'
    result = subprocess.run(
        ["sh", "-c", container["args"][2]],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "SANJI_ADMIN_PASSWORD": password},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = record.read_text().splitlines()
    assert password not in " ".join(lines[:-1]), "the password never appears in curl's arguments"
    assert lines[-1] == 'user = "admin:pa\\"ss\\\\word $HOME"'
    assert "--fail" in lines
    assert lines[lines.index("--request") + 1] == "POST"
    assert lines[lines.index("--data-urlencode") + 1] == "days:float=7"
    assert "http://sanji:8080/Control_Panel/Database/main/manage_pack" in lines


def load_check_pinned():
    spec = importlib.util.spec_from_file_location("check_pinned", ROOT / "docker" / "check_pinned.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_pinned_finds_new_and_drifted_dependencies(tmp_path):
    check_pinned = load_check_pinned()
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# pins\nZope==6.3\nzope.interface==8.0  # comment\nRelStorage[postgresql]==4.3.0\n")
    installed = {"zope": "6.3", "zope-interface": "7.0", "relstorage": "4.3.0", "left-pad": "1.0", "sanji": "1.0"}
    assert check_pinned.unpinned(constraints, installed) == [
        f"left-pad==1.0 is not pinned in {constraints}",
        f"zope-interface==7.0 is installed, {constraints} pins 8.0",
    ]


def test_compile_mo_compiles_every_catalog(tmp_path):
    messages = tmp_path / "sanji" / "locales" / "zh_CN" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = ROOT / "src" / "sanji" / "locales" / "zh_CN" / "LC_MESSAGES" / "sanji.po"
    (messages / "sanji.po").write_bytes(po.read_bytes())
    result = subprocess.run(
        [sys.executable, str(ROOT / "docker" / "compile_mo.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "1 of 1 catalogs compiled" in result.stdout
    assert (messages / "sanji.mo").stat().st_size > 1000
