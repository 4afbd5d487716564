"""The suite's fixtures are the pytest plugin ckanext.thanhhoa.testing.fixtures
(CKAN's own plugin provides the rest); folders add theirs in their own
conftest.py."""
pytest_plugins = ["ckanext.thanhhoa.testing.fixtures"]
