"""Requests the portal's own processes make to other hosts: each goes only
to a public address, unless the configured allowlist names its host and port
(`ckanext.thanhhoa.outbound.allow`). The address is checked on the socket
once it is connected, after DNS resolution, for every connection of every
redirect (`session.py`); the rules themselves are pure (`rules.py`)."""
