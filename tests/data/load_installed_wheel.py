"""Run by tests/test_packaging.py inside a fresh venv where only the built
wheel (and its dependencies) is installed: prints where the plugins found
their schemas and catalogues, as JSON."""
import gettext
import importlib
import importlib.util
import json
import os
import pkgutil

from ckanext.scheming.plugins import _load_schema

import ckanext.thanhhoa
from ckanext.thanhhoa.datastore import encodings
from ckanext.thanhhoa.metadata import vocab
from ckanext.thanhhoa.operations import demo
from ckanext.thanhhoa.plugin import ThanhHoaPlugin

dataset = _load_schema("ckanext.thanhhoa.schemas:dataset.yaml")
organization = _load_schema("ckanext.thanhhoa.schemas:organization.yaml")
i18n = ThanhHoaPlugin().i18n_directory()
catalogues = {
    locale: type(gettext.translation("ckanext-thanhhoa", i18n, [locale])).__name__
    for locale in ("vi", "en")
}
# every module of the wheel imports (a subpackage missing from the wheel's
# package list fails here)
modules = sorted(m.name for m in pkgutil.walk_packages(ckanext.thanhhoa.__path__, "ckanext.thanhhoa."))
for name in modules:
    importlib.import_module(name)
theme = os.path.join(os.path.dirname(ckanext.thanhhoa.__file__), "theme")
print(json.dumps({
    "package_dir": os.path.dirname(ckanext.thanhhoa.__file__),
    "i18n_dir": i18n,
    "dataset_type": dataset["dataset_type"],
    "dataset_fields": [f["field_name"] for f in dataset["dataset_fields"]],
    "organization_type": organization["organization_type"],
    "catalogues": catalogues,
    "presets": [p["preset_name"] for p in _load_schema("ckanext.thanhhoa.schemas:presets.yaml")["presets"]],
    "admin_units": len(vocab.admin_units()),
    "charsets": {name: len(encodings.charset_table(name)["map"]) for name in ("viscii", "tcvn3")},
    "demo_datasets": len(demo.catalogue()["datasets"]),
    "templates": sorted(
        str(path.relative_to(theme))
        for path in __import__("pathlib").Path(theme, "templates").rglob("*.html")),
    "modules": modules,
    "testing_shipped": importlib.util.find_spec("ckanext.thanhhoa.testing") is not None,
}))
