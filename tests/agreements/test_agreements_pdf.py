"""PDF through LibreOffice: skipped only when soffice is not installed (see .ci/libreoffice.sh)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from compliance.agreements import draft
from compliance.agreements.pdf import soffice
from compliance.agreements.sample import synthetic_submission

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def test_pdf_of_the_tripartite_agreement_with_rare_characters(tmp_path):
    sub = synthetic_submission(30, 3, names={"RH2": "𠮷田 A&B <公司>"})
    paths = draft(sub, "tripartite", tmp_path, pdf=True)
    assert [p.suffix for p in paths] == [".docx", ".pdf"]
    pdf = paths[1]
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "林业碳汇项目开发、资源流转和利益分配三方协议" in text
        assert "𠮷田 A&B <公司>" in text
        assert "430626-LY-002-10" in text             # the annex table made it across pages
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "CJK" in fonts                          # Chinese text is set in a CJK font, not boxes


def test_pdf_of_the_sichuan_grassland_transfer_keeps_areas_and_ids_on_one_line(tmp_path):
    from pathlib import Path

    from compliance.submission.files import load

    sub = load(Path(__file__).resolve().parents[2] / "examples" / "sichuan-scph-grassland.yaml")
    pdf = draft(sub, "transfer", tmp_path, pdf=True)[1]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "草原碳汇资源流转协议" in text
        for value in ("513233-WQ-003-01", "1180.5000", "1617.3000", "24259.50"):
            assert value in text, value
