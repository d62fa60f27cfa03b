"""The agreement's plot annex (附图) carries the map drawn from the submission's plot polygons,
end to end: `compliance draft` on the Hunan example (inline 小班 polygons, Gauss–Krüger zone 38)
or on a submission with a geometry file writes a .docx whose annex holds the PNG map; a submission without polygons gets no picture and
an annex note saying the certificates' maps are attached instead."""
from __future__ import annotations

import copy
import io
import os
import subprocess
import sys

import pytest
import yaml

from tests.support import EXAMPLES, ROOT


def _draft(src, out):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "compliance.cli", "draft", "transfer", str(src), "-o", str(out)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr + run.stdout
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 1
    return docs[0]


def _pictures(path):
    """(annex paragraph texts, PNG images) of a .docx: every inline picture's image part."""
    from docx import Document

    doc = Document(str(path))
    blobs = [doc.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
             for shape in doc.inline_shapes]
    return [p.text for p in doc.paragraphs], blobs


@pytest.mark.parametrize("example", ["hunan-ccer-afforestation.yaml",       # inline polygons
                                     "overlap/project-a.yaml"])             # project.geometry_file (GeoJSON)
def test_the_transfer_agreement_embeds_the_plot_map(example, tmp_path):
    import matplotlib.image as mpimg

    path = _draft(EXAMPLES / example, tmp_path / "out")
    texts, blobs = _pictures(path)
    assert len(blobs) == 1 and blobs[0][:8] == b"\x89PNG\r\n\x1a\n"
    img = mpimg.imread(io.BytesIO(blobs[0]))
    assert img.shape[0] > 200 and img.shape[1] > 200            # a drawn map, not a placeholder
    assert len({tuple(px) for px in img.reshape(-1, img.shape[2])[::97]}) > 3    # more than a flat fill
    assert any("项目地块附图" in t for t in texts)
    assert any("见附件二附图" in t for t in texts)


def test_without_polygons_the_annex_says_the_certificate_maps_stand_in(tmp_path):
    data = yaml.safe_load((EXAMPLES / "hunan-ccer-afforestation.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["project"].pop("crs", None)
    for p in data["plots"]:
        p.pop("geometry", None)
    src = tmp_path / "no-geometry.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    texts, blobs = _pictures(_draft(src, tmp_path / "out"))
    assert blobs == []
    assert any("提交文件未含地块矢量数据" in t for t in texts)
