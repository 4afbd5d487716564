"""Metadata quality: the score of a dataset after the EU data portal's
Metadata Quality Assessment (scoring.py, a pure function of the dataset, its
link checks and its DCAT-AP conformance), the check of one link (links.py)
and whether a dataset is overdue by its declared frequency (overdue.py)."""
