"""The fill-in workbook explains the fields the law asks for (agreements.written, reviews.batches,
retirements.registry): on its 说明 sheet and in each column's header comment, with the article; and
what a user enters in those columns reaches the rules that read them."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance.checker import check
from compliance.cli import app
from compliance.submission import workbook

runner = CliRunner()
# sheet, column, the article the explanation names (zh, en), the rule that reads the column
LEGAL = [("agreements", "written", ("第四十条", "art. 40"), "LAW-clauses"),
         ("reviews", "batches", ("三(三)", "3(3)"), "SC-3.3-expert"),
         ("retirements", "registry", ("二(二)", "2(2)"), "SC-2.2-registry")]


def _new(tmp_path: Path, province: str, lang: str = "zh") -> Path:
    out = tmp_path / f"p{province}{lang}.xlsx"
    r = runner.invoke(app, ["new", str(out), "--province", province, "--lang", lang])
    assert r.exit_code == 0, r.output
    return out


def _header(ws, column: str):
    return next(c for c in ws[1] if c.value and c.value.splitlines()[-1] == column)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_instructions_sheet_explains_each_legal_field_with_its_article_and_rule(tmp_path, lang):
    wb = openpyxl.load_workbook(_new(tmp_path, "51", lang))
    text = "\n".join(str(r[0].value) for r in wb["说明"].iter_rows() if r[0].value)
    for sheet, column, article, rule in LEGAL:
        line = next((ln for ln in text.splitlines() if ln.startswith(f"{sheet} ") and f" {column}" in ln), None)
        assert line, (sheet, column, text)
        assert rule in line and article[lang == "en"] in line, line


@pytest.mark.parametrize("province", ["43", "51"])
def test_the_header_comment_of_each_legal_column_names_its_article(tmp_path, province):
    wb = openpyxl.load_workbook(_new(tmp_path, province))
    for sheet, column, article, _ in LEGAL:
        if sheet not in wb.sheetnames:      # a Hunan project has no retirements
            assert sheet == "retirements" and province == "43"
            continue
        cell = _header(wb[sheet], column)
        zh, _, en = cell.comment.text.partition(" / ")       # Chinese and English
        assert article[0] in zh and en and "(" in en, (sheet, column, cell.comment.text)


def _findings(path: Path) -> set[tuple[str, str]]:
    return {(f.rule, f.case) for f in check(workbook.load_one(path), None).findings}


def _set(path: Path, sheet: str, column: str, value, row: int = 2) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ws.cell(row=row, column=_header(ws, column).column).value = value     # (value=None would leave the cell)
    wb.save(path)


def test_what_a_user_enters_in_the_legal_columns_reaches_the_rules(tmp_path):
    base = _new(tmp_path, "51")
    before = _findings(base)
    assert not any(rule in {"LAW-clauses", "SC-3.3-expert", "SC-2.2-registry"} for rule, _ in before), before

    wb = openpyxl.load_workbook(base)
    agreements = wb["agreements"]
    kind_col = _header(agreements, "kind").column
    row = next(r for r in range(2, agreements.max_row + 1)
               if str(agreements.cell(row=r, column=kind_col).value) in ("transfer", "流转协议", "资源流转协议"))
    oral = tmp_path / "oral.xlsx"
    wb.save(oral)
    _set(oral, "agreements", "written", "否", row)
    assert ("LAW-clauses", "not_written") in _findings(oral)

    unassessed = tmp_path / "unassessed.xlsx"
    wb.save(unassessed)
    reviews = wb["reviews"]
    batches_col = _header(reviews, "batches").column
    expert_row = next(r for r in range(2, reviews.max_row + 1) if reviews.cell(row=r, column=batches_col).value)
    _set(unassessed, "reviews", "batches", None, expert_row)
    assert ("SC-3.3-expert", "batch_missing") in _findings(unassessed)

    elsewhere = tmp_path / "elsewhere.xlsx"
    wb.save(elsewhere)
    _set(elsewhere, "retirements", "registry", "某某碳排放权登记结算公司")
    assert ("SC-2.2-registry", "retirement_wrong_registry") in _findings(elsewhere)
