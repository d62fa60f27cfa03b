"""The project page draws the plots and their overlaps as inline SVG (no tile server), for officials."""
from __future__ import annotations

import re

from tests.support import EXAMPLES


def test_the_project_page_maps_the_plots_and_the_overlap_with_the_stored_project(tmp_path):
    from fastapi.testclient import TestClient

    from compliance.library import Library
    from compliance.library.decide import new_decision_id, rulebase_version, run_check
    from compliance.service.app import Settings, create_app
    from compliance.submission import files

    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    with Library(url) as lib:
        _, dev_a = lib.add_user("dev-a", "developer")
        _, dev_b = lib.add_user("dev-b", "developer")
        _, county = lib.add_user("平江县林业局", "county", "430626")
        for path, token in (("project-a.yaml", dev_a), ("project-b.yaml", dev_b)):
            sub = files.load(EXAMPLES / "overlap" / path)
            lib.submit(sub, run_check(sub), lib.authenticate(token), decision_id=new_decision_id(),
                       rulebase_version=rulebase_version())
        b_id = files.load(EXAMPLES / "overlap" / "project-b.yaml").project.id
    app = create_app(Settings(library=url, db=str(tmp_path / "none.sqlite3"), isolate=False))
    with TestClient(app) as client:
        html = client.get(f"/projects/{b_id}", headers={"Authorization": f"Bearer {county}"}).text
        svg = re.search(r'<div id="plot-map">(.*?)</div>', html, re.S).group(1)
        assert "<svg" in svg and 'class="plot-map"' in svg
        assert len(re.findall(r'<path d="M', svg)) >= 1                 # the plots
        assert len(re.findall(r'<path class="overlap"', svg)) >= 1      # the overlap in red
        rows = re.search(r'<table id="overlaps">(.*?)</table>', html, re.S).group(1)
        assert "HN-PJ-2026-001" in rows                                  # naming the stored project
        # the owning developer sees that the map is for officials (coordinates are sensitive), no polygon
        own = client.get(f"/projects/{b_id}", headers={"Authorization": f"Bearer {dev_b}"}).text
        assert "<svg" not in own and "第二十条" in own
        en = client.get(f"/projects/{b_id}?lang=en", headers={"Authorization": f"Bearer {county}"}).text
        assert "Map of the plots" in en and "<svg" in en
