"""The built wheel carries the top-level schemas/ and i18n/ (catalogues
compiled in the build) and the plugins load them from a fresh venv."""
import json
import pathlib
import shutil
import subprocess
import sys

import yaml

from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.operations import demo

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def test_wheel_in_a_fresh_venv_loads_schemas_and_catalogues(tmp_path):
    # Build from the files of a clean checkout (no compiled .mo): those git
    # tracks, and new ones it does not ignore.
    source = tmp_path / "src"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if not (ROOT / name).is_file():
            continue
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert not list(source.glob("i18n/*/LC_MESSAGES/*.mo"))
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("ckanext_thanhhoa-*.whl"))

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "-q", "--no-compile", "-c", str(ROOT / "requirements" / "constraints.txt"),
         "ckan[requirements]==2.12.0", str(wheel)],
        check=True, capture_output=True,
    )
    result = subprocess.run([str(venv / "bin" / "python"), str(DATA / "load_installed_wheel.py")],
                            check=True, capture_output=True, text=True, cwd=tmp_path)
    loaded = json.loads(result.stdout)

    assert pathlib.Path(loaded["package_dir"]).is_relative_to(venv)
    assert pathlib.Path(loaded["i18n_dir"]).is_relative_to(venv)
    assert loaded["catalogues"] == {"vi": "GNUTranslations", "en": "GNUTranslations"}
    expected = yaml.safe_load((ROOT / "schemas" / "dataset.yaml").read_text(encoding="utf-8"))
    assert loaded["dataset_fields"] == [f["field_name"] for f in expected["dataset_fields"]]
    assert loaded["dataset_type"] == "dataset"
    assert loaded["organization_type"] == "organization"
    assert "thanhhoa_translated_text" in loaded["presets"]
    assert loaded["admin_units"] == len(vocab.admin_units())
    assert loaded["charsets"] == {"viscii": 134, "tcvn3": 75}      # the loader's decoding tables
    assert loaded["demo_datasets"] == len(demo.catalogue()["datasets"])
    theme = ROOT / "ckanext" / "thanhhoa" / "theme"
    shipped = sorted(str(p.relative_to(theme)) for p in (theme / "templates").rglob("*.html"))
    assert loaded["templates"] == shipped
    # the test support stays out of the production wheel; every other
    # subpackage is in it
    assert loaded["testing_shipped"] is False
    packages = {".".join(p.parent.relative_to(ROOT).parts)
                for p in (ROOT / "ckanext" / "thanhhoa").rglob("__init__.py")}
    assert {p for p in packages if ".testing" not in p} <= (
        set(loaded["modules"]) | {"ckanext.thanhhoa"})


def test_entry_points_name_both_plugins():
    from importlib.metadata import entry_points

    plugins = {ep.name: ep.value for ep in entry_points(group="ckan.plugins")}
    assert plugins["thanhhoa"] == "ckanext.thanhhoa.plugin:ThanhHoaPlugin"
    assert plugins["thanhhoa_lgsp"] == "ckanext.thanhhoa_lgsp.plugin:ThanhHoaLgspPlugin"
