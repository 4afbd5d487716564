"""`make run` and `make test` stop early, naming the service, when
PostgreSQL, Solr or Redis does not answer (ckanext.thanhhoa.operations.preflight)."""
import pathlib
import socket
import subprocess
import sys

import pytest

from ckanext.thanhhoa.operations import preflight

ROOT = pathlib.Path(__file__).resolve().parents[3]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_ini(tmp_path, **overrides) -> str:
    """test.ini with some of its service URLs replaced."""
    options = preflight.read_config(str(ROOT / "test.ini"))
    services = {key: options[key] for _, key, _ in preflight.CHECKS}
    services.update(overrides)
    path = tmp_path / "broken.ini"
    path.write_text("[app:main]\n" + "".join(
        f"{key} = {value}\n" for key, value in services.items()), encoding="utf-8")
    return str(path)


def run_preflight(ini: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ckanext.thanhhoa.operations.preflight", ini],
        capture_output=True, text=True, timeout=60,
    )


def test_every_service_of_test_ini_answers():
    assert preflight.problems(preflight.read_config(str(ROOT / "test.ini"))) == []


@pytest.mark.parametrize("key, url, service", [
    ("solr_url", "http://127.0.0.1:{port}/solr/ckan_test", "Solr"),
    ("ckan.redis.url", "redis://127.0.0.1:{port}/1", "Redis"),
    ("sqlalchemy.url", "postgresql://ckan:ckan@127.0.0.1:{port}/ckan_test", "PostgreSQL"),
])
def test_a_service_that_is_down_is_named_without_a_traceback(tmp_path, key, url, service):
    ini = write_ini(tmp_path, **{key: url.format(port=closed_port())})

    result = run_preflight(ini)

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {service} is not reachable at ")
    assert "Traceback" not in result.stderr


def test_a_solr_without_the_core_is_reported(tmp_path):
    ini = write_ini(tmp_path, solr_url="http://127.0.0.1:8983/solr/no_such_core")
    result = run_preflight(ini)
    assert result.returncode == 1
    assert "Solr is not reachable" in result.stderr
    assert "is the core created?" in result.stderr


def test_passwords_are_not_printed(tmp_path):
    ini = write_ini(tmp_path, **{
        "sqlalchemy.url": f"postgresql://ckan:s3cret@127.0.0.1:{closed_port()}/x"})
    result = run_preflight(ini)
    assert "s3cret" not in result.stderr
    assert "ckan:***@" in result.stderr


def test_a_missing_config_file_is_a_clear_error(tmp_path):
    result = run_preflight(str(tmp_path / "nowhere.ini"))
    assert result.returncode == 2
    assert "cannot read the CKAN config" in result.stderr
    assert "Traceback" not in result.stderr


def test_use_config_is_followed(tmp_path):
    (tmp_path / "base.ini").write_text("[app:main]\nsolr_url = http://a/solr/x\nckan.redis.url = r\n")
    (tmp_path / "site.ini").write_text("[app:main]\nuse = config:base.ini\nckan.redis.url = redis://b\n")
    options = preflight.read_config(str(tmp_path / "site.ini"))
    assert options["solr_url"] == "http://a/solr/x"
    assert options["ckan.redis.url"] == "redis://b"
