"""The manifest of a backup (pure): what each file is, its size and SHA-256,
and what the portal held, so that a restore refuses a damaged or foreign
backup before it drops anything."""
from __future__ import annotations

import hashlib
import json
import pathlib

NAME = "manifest.json"
FORMAT = 1
FILES = {"ckan": "ckan.dump", "datastore": "datastore.dump", "files": "files.tar.gz"}


class Damaged(Exception):
    """A backup that cannot be restored, and why."""


def sha256(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write(folder: pathlib.Path, facts: dict) -> dict:
    """Write the manifest of the files in `folder` with `facts` (versions,
    counts, time)."""
    manifest = {"format": FORMAT, **facts, "files": {
        kind: {"name": name, "bytes": (folder / name).stat().st_size, "sha256": sha256(folder / name)}
        for kind, name in FILES.items() if (folder / name).exists()}}
    (folder / NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def check(folder: pathlib.Path) -> dict:
    """The manifest, once every file it names is there, whole: else Damaged."""
    try:
        manifest = json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Damaged(f"no readable {NAME} in {folder}: {error}")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Damaged(f"{NAME} is not a backup of this portal (format {manifest.get('format')!r})"
                      if isinstance(manifest, dict) else f"{NAME} is not a backup of this portal")
    for kind in FILES:
        entry = manifest.get("files", {}).get(kind)
        if not isinstance(entry, dict) or entry.get("name") != FILES[kind]:
            raise Damaged(f"the backup has no {kind} part")
        path = folder / FILES[kind]
        if not path.is_file() or path.stat().st_size != entry["bytes"] or sha256(path) != entry["sha256"]:
            raise Damaged(f"{FILES[kind]} is missing or damaged (its size or SHA-256 differs from the manifest)")
    return manifest
