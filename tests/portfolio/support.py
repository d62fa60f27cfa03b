"""Helpers for the portfolio tests: the example workbook and editing its CSV folder (imported by the tests)."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = ROOT / "examples" / "portfolio" / "hunan-portfolio"
EXAMPLE_XLSX = ROOT / "examples" / "portfolio" / "hunan-portfolio.xlsx"
PROJECTS = ["HN-PJ-2026-001", "HN-PJ-2026-002", "HN-PJ-2026-003", "HN-PJ-2024-004"]


def read_rows(folder: Path, sheet: str) -> list[list[str]]:
    with open(folder / f"{sheet}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_rows(folder: Path, sheet: str, rows: list[list[str]]) -> None:
    with open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def set_cell(folder: Path, sheet: str, row: int, column: str, value: str) -> None:
    """Set a cell by its spreadsheet row number (header = 1) and column name; adds the column if new."""
    rows = read_rows(folder, sheet)
    if column not in rows[0]:
        rows[0].append(column)
        for r in rows[1:]:
            r.append("")
    rows[row - 1][rows[0].index(column)] = value
    write_rows(folder, sheet, rows)


def append_row(folder: Path, sheet: str, values: dict[str, str]) -> int:
    rows = read_rows(folder, sheet)
    for k in values:
        if k not in rows[0]:
            rows[0].append(k)
            for r in rows[1:]:
                r.append("")
    rows.append([values.get(c, "") for c in rows[0]])
    write_rows(folder, sheet, rows)
    return len(rows)
