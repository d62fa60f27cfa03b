"""`tests/` mirrors the packages: every test folder is the folder of a package under `compliance/`
(tests/cli for compliance/cli, tests/submission for compliance/submission …), so a test is found
beside the code it tests and no folder collects tests by audience or by session."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
PACKAGE = ROOT / "compliance"
# top-level files of tests/ that belong to no package: fixtures and Gherkin steps, shared helpers,
# the layout and layer contracts themselves
TOP_LEVEL_FILES = {"conftest.py", "support.py", "test_layers.py", "test_layout.py"}


def test_every_test_folder_is_the_folder_of_a_package():
    folders = [p for p in TESTS.rglob("*") if p.is_dir() and p.name != "__pycache__"
               and not any(part.startswith(".") for part in p.relative_to(TESTS).parts)]
    assert folders
    strays = [str(f.relative_to(ROOT)) for f in folders
              if not (PACKAGE / f.relative_to(TESTS) / "__init__.py").is_file()]
    assert not strays, f"test folders without a package of the same path under compliance/: {strays}"


def test_only_the_shared_files_sit_at_the_top_of_tests():
    files = {p.name for p in TESTS.iterdir() if p.is_file() and p.suffix == ".py"}
    assert files <= TOP_LEVEL_FILES, f"move these into the folder of the package they test: {sorted(files - TOP_LEVEL_FILES)}"


def test_no_conftest_is_loaded_as_a_library():
    """Shared test helpers live in support.py modules; conftest files are pytest's alone (a conftest
    imported by name or path runs its autouse fixtures' module code a second time)."""
    import re

    load = re.compile(r"(import\s+\S*conftest|from\s+\S*conftest\s+import|conftest\.py[\"']\s*\))")
    offenders = [str(p.relative_to(ROOT)) for p in TESTS.rglob("*.py")
                 if p.name != "test_layout.py" and load.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"these load a conftest as a module; import its helpers from a support.py: {offenders}"
