"""Run by tests/test_packaging.py inside a fresh venv where only the built
wheel (and its dependencies) is installed: prints where the plugins found
their schemas and catalogues, as JSON."""
import gettext
import json
import os

from ckanext.scheming.plugins import _load_schema

import ckanext.thanhhoa
from ckanext.thanhhoa import demo, vocab
from ckanext.thanhhoa.plugin import ThanhHoaPlugin

dataset = _load_schema("ckanext.thanhhoa.schemas:dataset.yaml")
organization = _load_schema("ckanext.thanhhoa.schemas:organization.yaml")
i18n = ThanhHoaPlugin().i18n_directory()
catalogues = {
    locale: type(gettext.translation("ckanext-thanhhoa", i18n, [locale])).__name__
    for locale in ("vi", "en")
}
print(json.dumps({
    "package_dir": os.path.dirname(ckanext.thanhhoa.__file__),
    "i18n_dir": i18n,
    "dataset_type": dataset["dataset_type"],
    "dataset_fields": [f["field_name"] for f in dataset["dataset_fields"]],
    "organization_type": organization["organization_type"],
    "catalogues": catalogues,
    "presets": [p["preset_name"] for p in _load_schema("ckanext.thanhhoa.schemas:presets.yaml")["presets"]],
    "admin_units": len(vocab.admin_units()),
    "demo_datasets": len(demo.catalogue()["datasets"]),
    "templates": sorted(
        str(path.relative_to(os.path.dirname(ckanext.thanhhoa.__file__)))
        for path in __import__("pathlib").Path(os.path.dirname(ckanext.thanhhoa.__file__), "templates").rglob("*.html")),
}))
