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


def env_example() -> dict:
    lines = (DOCKER / ".env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_compose_has_the_services_of_the_stack(compose):
    assert set(compose["services"]) == {
        "nginx", "ckan", "worker", "harvest-gather", "harvest-fetch", "harvest-run",
        "db", "solr", "redis",
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
