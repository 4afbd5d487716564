"""Follow and be told: e-mail when a dataset is published or updated in what
a user follows (a dataset, an agency, a group, a sector), and Atom feeds of
an agency's and a sector's open data."""
