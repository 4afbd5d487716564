"""The file store (`ckan.storage_path`: uploaded resources and images) as
one tar.gz. Left out: what CKAN makes again at start (compiled web assets,
the translations of its scripts) and catalogue uploads waiting for their
steward's confirmation (a day at most)."""
from __future__ import annotations

import pathlib
import tarfile

SKIPPED = ("webassets", "i18n", "thanhhoa-catalogue")


def pack(storage: pathlib.Path, path: pathlib.Path) -> int:
    """Write the store to `path`; the number of files."""
    count = 0
    with tarfile.open(path, "w:gz", compresslevel=6) as archive:
        for item in sorted(storage.rglob("*")) if storage.is_dir() else []:
            relative = item.relative_to(storage)
            if relative.parts[0] in SKIPPED or not (item.is_file() or item.is_dir()) or item.is_symlink():
                continue
            archive.add(item, arcname=str(relative), recursive=False)
            count += item.is_file()
    return count


def unpack(path: pathlib.Path, storage: pathlib.Path) -> int:
    """Extract into the store: regular files and folders only, inside it
    (tarfile's "data" filter refuses links, devices and paths that leave
    it); the number of files."""
    storage.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.isfile() or m.isdir()]
        archive.extractall(storage, members=members, filter="data")
    return sum(m.isfile() for m in members)


def is_empty(storage: pathlib.Path) -> bool:
    return not storage.is_dir() or not any(
        p.is_file() for p in storage.rglob("*") if p.relative_to(storage).parts[0] not in SKIPPED)
