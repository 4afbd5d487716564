"""The repository stands alone: no file of the project reads or links a path
outside it, every link of its documents resolves inside it, and the README's
layout table describes the tree as it is."""
import pathlib
import re
import subprocess

import pytest

pytestmark = pytest.mark.unit

ROOT = pathlib.Path(__file__).resolve().parents[1]
TEXT = {".py", ".sh", ".ini", ".toml", ".cfg", ".yaml", ".yml", ".md", ".html", ".json",
        ".txt", ".xml", ".java", ".css", ".js", ".example", ""}
# Where the project's contracts live on the machines it was built on, and
# ways of climbing out of a checkout.
OUTSIDE = re.compile(r"\.\./shared|\bshared/(spec|lgsp|dcat-ap-shacl|notes|hooks)\b"
                     r"|ROOT\.parent\b|\.parents\[\d+\]\s*/\s*\"\.\.\"")
LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s]+)\)")


def project_files():
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        path = ROOT / name
        if path.is_file() and path.suffix in TEXT and path.stat().st_size < 2_000_000:
            yield path


def test_no_file_reads_or_names_a_path_outside_the_repository():
    found = []
    for path in project_files():
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert found == []


def test_relative_paths_in_code_stay_inside():
    """A parent-folder path written in a script or config resolves inside."""
    found = []
    for path in project_files():
        if path.suffix not in {".py", ".sh", ".ini", ".toml", ".cfg", ".yaml", ".yml", ""}:
            continue
        for match in re.finditer(r"(?:\.\./)+[\w.-]*", path.read_text("utf-8", errors="replace")):
            target = (path.parent / match.group(0)).resolve()
            if not target.is_relative_to(ROOT):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert found == []


def test_every_link_of_the_documents_resolves_inside_the_repository():
    broken = []
    for path in project_files():
        if path.suffix != ".md":
            continue
        for target in LINK.findall(path.read_text("utf-8")):
            resolved = (path.parent / target.split("#")[0]).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert broken == []


def layout_table():
    """The paths of the README's layout table (first column, in backticks)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index("| path | what |", readme.index("\nLayout")):]
    rows = table[:table.index("\n\n")].splitlines()[2:]      # after the header and its rule
    return [path for row in rows for path in re.findall(r"`([^`]+)`", row.split("|")[1])]


def test_the_readmes_layout_table_matches_the_tree():
    paths = layout_table()
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert missing == []
    # every top-level entry and every subpackage of the suite has its row
    files = [p.relative_to(ROOT).parts for p in project_files()]
    top = {parts[0] + ("/" if len(parts) > 1 else "") for parts in files}
    named = {p.split("/")[0] + ("/" if "/" in p else "") for p in paths}
    assert top - named - {"README.md", ".gitignore"} == set()
    packages = {str(p.parent.relative_to(ROOT)) + "/"
                for p in (ROOT / "ckanext").rglob("__init__.py")} - {"ckanext/"}
    assert packages - set(paths) == set()
