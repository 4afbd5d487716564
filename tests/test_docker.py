"""docker/ for production: no Docker engine runs here, so check what can be
checked without one: the compose file parses, every file it names exists, and
it runs the same configset and plugins as the tests."""
import configparser
import pathlib
import re

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = pathlib.Path(__file__).resolve().parents[1]

DOCKER = ROOT / "docker"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))


def env_example(name: str = "ckan") -> dict:
    lines = (DOCKER / f"{name}.env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_compose_has_the_services_of_the_stack(compose):
    assert set(compose["services"]) == {
        "nginx", "ckan", "worker", "quality-worker", "quality-recheck", "notify", "harvest-gather", "harvest-fetch", "harvest-run",
        "outbound-proxy", "db", "solr", "redis",
    }
    assert compose["services"]["solr"]["image"].startswith("solr:9")
    assert compose["services"]["db"]["image"].startswith("postgres:15")


def test_every_file_compose_names_exists(compose):
    for name, service in compose["services"].items():
        build = service.get("build")
        if build:
            context = (DOCKER / build["context"]).resolve()
            assert (context / build["dockerfile"]).is_file(), name
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (DOCKER / source).exists(), f"{name}: {source}"
        for env_file in service.get("env_file", []):
            if env_file.get("required", True):
                assert (DOCKER / env_file["path"]).is_file(), f"{name}: {env_file['path']}"


def test_dockerfile_copies_files_that_exist_onto_ckans_base_image():
    dockerfile = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM ckan/ckan-base:2\.12\b", dockerfile, re.M)
    copies = re.findall(r"^COPY (.+)$", dockerfile, re.M)
    assert copies
    for copy in copies:
        for source in copy.split()[:-1]:
            assert (ROOT / source).exists(), source


def test_solr_mounts_the_configset_the_tests_use(compose):
    solr_sh = (ROOT / "bin" / "solr.sh").read_text(encoding="utf-8")
    used_by_tests = re.search(r"^CONFIGSET=\$ROOT/(\S+)/conf$", solr_sh, re.M).group(1)
    mounted = [v.split(":")[0] for v in compose["services"]["solr"]["volumes"] if v.startswith(".")]
    assert [(DOCKER / m).resolve() for m in mounted] == [(ROOT / used_by_tests).resolve()]
    schema = (ROOT / used_by_tests / "conf" / "schema.xml").read_text(encoding="utf-8")
    for field in ("minx", "maxx", "miny", "maxy", "bbox_area"):
        assert f'name="{field}"' in schema


def test_production_runs_the_plugins_of_the_tests():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "test.ini", encoding="utf-8")
    tested = parser["app:main"]["ckan.plugins"].split()
    assert env_example()["CKAN__PLUGINS"].split() == ["envvars"] + tested


def test_production_publishes_dcat_as_the_tests_check_it():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "test.ini", encoding="utf-8")
    options = {k: v for k, v in parser["app:main"].items() if k.startswith("ckanext.dcat.")}
    assert options
    env = env_example()
    for key, value in options.items():
        assert env.get(key.upper().replace(".", "__")) == value, key


def ckan_services(compose) -> dict:
    return {name: service for name, service in compose["services"].items()
            if service.get("image", "").startswith("thanhhoa/ckan")}


def test_every_ckan_container_starts_through_run_sh(compose):
    services = ckan_services(compose)
    assert set(services) == {"ckan", "worker", "quality-worker", "quality-recheck", "notify", "harvest-gather",
                             "harvest-fetch", "harvest-run", "outbound-proxy"}
    for name, service in services.items():
        assert service["command"][0] == "/srv/app/run.sh", name
    assert "COPY docker/ckan/run.sh ${APP_DIR}/run.sh" in (DOCKER / "Dockerfile").read_text()


def run_sh(tmp_path, env):
    """docker/ckan/run.sh with a stand-in `ckan` that records its arguments."""
    import os
    import subprocess

    (tmp_path / "ckan").write_text('#!/bin/sh\necho "$@" >> "$CALLS"\n')
    (tmp_path / "ckan").chmod(0o755)
    calls = tmp_path / "calls"
    environment = {"PATH": f"{tmp_path}:{os.environ['PATH']}", "CALLS": str(calls),
                   "CKAN_INI": "/srv/app/ckan.ini", "CKAN__PLUGINS": "envvars thanhhoa", **env}
    result = subprocess.run(["sh", str(DOCKER / "ckan" / "run.sh"), "echo", "started"],
                            env=environment, capture_output=True, text=True)
    return result, calls.read_text() if calls.exists() else ""


def test_the_example_secrets_are_refused(tmp_path):
    refused, calls = run_sh(tmp_path, {"CKAN___SECRET_KEY": "change-me-secret-key",
                                       "CKAN_SYSADMIN_PASSWORD": "change-me-admin"})
    assert refused.returncode == 1 and "started" not in refused.stdout
    assert "CKAN___SECRET_KEY" in refused.stderr and "CKAN_SYSADMIN_PASSWORD" in refused.stderr
    assert calls == ""


def test_real_secrets_start_with_the_plugins_written(tmp_path):
    started, calls = run_sh(tmp_path, {"CKAN___SECRET_KEY": "a-real-secret-of-the-province"})
    assert started.returncode == 0 and started.stdout.strip() == "started"
    assert calls.strip() == "config-tool /srv/app/ckan.ini ckan.plugins = envvars thanhhoa"


def test_the_superusers_password_reaches_the_db_container_only(compose):
    assert "POSTGRES_PASSWORD" in env_example("db")
    assert not any(key.startswith("POSTGRES_USER") or key == "POSTGRES_PASSWORD"
                   for key in env_example("ckan"))
    for name, service in compose["services"].items():
        files = [f["path"] for f in service.get("env_file", [])]
        assert (("db.env.example" in files) is (name == "db")), name


def test_production_secrets_cookies_and_outbound_settings():
    env = env_example()
    for key in ("CKAN___SECRET_KEY", "CKAN___WTF_CSRF_SECRET_KEY"):
        assert env[key].startswith("change-me"), key      # from the environment, one for all replicas
    for key in ("CKAN___SESSION_COOKIE_SECURE", "CKAN___SESSION_COOKIE_HTTPONLY",
                "CKAN___REMEMBER_COOKIE_SECURE", "CKAN___REMEMBER_COOKIE_HTTPONLY"):
        assert env[key] == "true", key
    assert env["CKAN__DOWNLOAD_PROXY"] == "http://outbound-proxy:8191"
    # no avatars from gravatar.com, as in test.ini (the CSP test in Chromium checks it there)
    assert env["CKAN__GRAVATAR_DEFAULT"] == "disabled"


def test_nginx_sends_the_security_headers_and_limits_the_api():
    conf = (DOCKER / "nginx" / "default.conf").read_text(encoding="utf-8")
    tls = conf[conf.index("listen 443 ssl"):]
    assert "Strict-Transport-Security" in tls and "Strict-Transport-Security" not in conf[
        :conf.index("listen 443 ssl")]                    # HSTS over TLS only
    for header in ("X-Frame-Options", "X-Content-Type-Options", "Content-Security-Policy"):
        assert f"add_header {header}" in tls, header
    csp = re.search(r'Content-Security-Policy "([^"]+)"', tls).group(1)
    assert "img-src 'self' data: https://tile.openstreetmap.org" in csp   # the map's tiles
    assert "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
    api = tls[tls.index("location /api/"):]
    assert "limit_req zone=api" in api[:api.index("}")]
    assert "return 301 https://" in conf
    assert "proxy_cache" not in conf                       # CKAN answers Cache-Control: private


def test_the_upload_limit_is_the_same_in_nginx_ckan_and_the_tests():
    """Agencies' files up to the limit of test.ini (a 1,000,000-row CSV is
    about 100 MB): nginx must not refuse what CKAN accepts."""
    ini = configparser.ConfigParser(interpolation=None, strict=False)
    ini.read(ROOT / "test.ini", encoding="utf-8")
    limit = int(ini["app:main"]["ckan.max_resource_size"])
    assert limit >= 200
    conf = (DOCKER / "nginx" / "default.conf").read_text(encoding="utf-8")
    assert f"client_max_body_size {limit}M;" in conf
    assert env_example()["CKAN__MAX_RESOURCE_SIZE"] == str(limit)


def cloud_compose() -> dict:
    return yaml.safe_load((DOCKER / "compose.cloud.yaml").read_text(encoding="utf-8"))


def test_the_solrcloud_profile_builds_the_tested_collection():
    """compose.cloud.yaml (on top of compose.yaml): ZooKeeper, two Solr nodes
    with the ICU module, and solr-init uploading the tested configset and
    making the collection CKAN's solr_url names, 2 shards x 2 replicas, as
    tests/thanhhoa/search/test_solrcloud.py runs it."""
    cloud, base = cloud_compose()["services"], yaml.safe_load(
        (DOCKER / "compose.yaml").read_text(encoding="utf-8"))["services"]
    assert {"zookeeper", "solr", "solr2", "solr-init"} <= set(cloud)
    for node in ("solr", "solr2"):
        assert cloud[node]["environment"]["ZK_HOST"] == "zookeeper:2181"
        assert cloud[node]["environment"]["SOLR_MODULES"] == "analysis-extras"
        assert cloud[node]["command"] == ["solr-foreground"]       # not the single core's solr-precreate
    assert (cloud.get("solr2", {}).get("image") or "").startswith("solr:9") and base["solr"]["image"].startswith("solr:9")
    init = cloud["solr-init"]
    source, target = init["volumes"][0].split(":")[:2]
    assert (DOCKER / source).resolve() == ROOT / "solr" / "configsets" / "ckan"
    assert (ROOT / "solr" / "configsets" / "ckan" / "conf" / "solrconfig.xml").is_file()
    script = init["command"][-1]
    assert f"-d {target}" in script and "collection.configName=ckan" in script
    collection = env_example()["CKAN_SOLR_URL"].rsplit("/", 1)[1]
    assert init["environment"] == {"COLLECTION": collection, "SHARDS": "2", "REPLICAS": "2"}
    assert env_example()["CKAN_SOLR_URL"].startswith("http://solr:8983/")
