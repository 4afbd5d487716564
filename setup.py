"""Kept for Babel: message extractors and compiling the catalogues in the build.

Metadata and entry points live in pyproject.toml.
"""
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithCatalogues(build_py):
    """Compile i18n/*/LC_MESSAGES/*.po to .mo before the files are copied."""

    def run(self):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        i18n = os.path.join(HERE, "i18n")
        for locale in sorted(os.listdir(i18n)):
            folder = os.path.join(i18n, locale, "LC_MESSAGES")
            if not os.path.isdir(folder):
                continue
            for po_name in os.listdir(folder):
                if not po_name.endswith(".po"):
                    continue
                po_path = os.path.join(folder, po_name)
                with open(po_path, "rb") as po_file:
                    catalog = read_po(po_file, locale=locale)
                with open(po_path[:-3] + ".mo", "wb") as mo_file:
                    write_mo(mo_file, catalog)
        super().run()


setup(
    cmdclass={"build_py": BuildWithCatalogues},
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
