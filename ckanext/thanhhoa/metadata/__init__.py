"""The metadata model: what a dataset and an agency of the portal are.

It owns the controlled vocabularies (`vocab`, one registry over the data
files of `vocabularies/`), the field validators of the ckanext-scheming
schemas (`validators`), the normalisation of every write to Unicode NFC
(`actions`, `text`), reading stored list and translated values (`stored`),
the values derived when a steward gives none (`derived`) and finding or
creating agencies by their electronic code (`agencies`). The schemas
themselves are the top-level `schemas/` folder."""
