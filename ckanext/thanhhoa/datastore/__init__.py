"""Agencies' files into the DataStore, and every table a data service: the
legacy encodings and fonts (encodings.py, charsets/), the readers of CSV,
XLSX and XLS (readers.py), report-style tables made plain and typed
(shape.py), the staging load and swap inside xloader's job (loader.py,
shell.py), the OpenAPI document and Table Schema (service.py, views.py)."""
