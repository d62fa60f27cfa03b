"""The contested-claims frame (what the local cross step joins) gives the pairs the frame of every claim gives."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from compliance.portfolio import cross
from compliance.rules.portfolio import Extract, extract

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import synth  # noqa: E402

AS_OF = dt.date(2026, 6, 1)


def synthetic_extracts(tmp_path) -> list[Extract]:
    from compliance.submission import workbook as tabular
    from compliance.submission.files import validate

    syn = synth.generate(60, 1200, violations=0.1, double_claims=15, cert_claims=6, seed=21)
    pf = tabular.read(synth.write(syn, tmp_path / "syn"))
    out = [extract(validate(pi.data), AS_OF) for pi in pf.projects()]
    # declarations: naming another portfolio project, an outside registration, a cancelled one
    out[0].registrations.append(("XLTP", out[1].project_id, "registered", [0, 1]))
    out[2].registrations.append(("VCS", "VCS-1", "registered", [0]))
    out[3].registrations.append(("CCER", out[4].project_id, "cancelled", [0]))
    out.append(Extract("UNCHECKED", "", "", "XLTP", "", -1, dt.date.min, "", "",
                       [(out[5].plots[0][0], out[5].plots[0][1], "", 0.0), ("430626", "", "X", 0.0)], [], []))
    return out


def test_contested_claims_give_the_pairs_of_every_claim(tmp_path):
    extracts = synthetic_extracts(tmp_path)
    full, contested = cross.claims_frame(extracts), cross.contested_claims(extracts)
    assert 0 < len(contested) < len(full) // 5
    for keys in (["county", "plot_id"], ["cert"]):
        expected = cross.claim_pairs(full, keys)
        assert len(expected) > 0
        assert cross.claim_pairs(contested, keys).astype(str).values.tolist() == expected.astype(str).values.tolist()
    assert cross.find_double_claims(contested) == cross.find_double_claims(full)


def test_no_contested_claims():
    one = Extract("A", "", "43", "CCER", "", 0, AS_OF, "D", "", [("430626", "P1", "", 1.0), ("430626", "P1", "", 1.0)])
    assert cross.contested_claims([one]).empty
    assert cross.contested_claims([]).empty
    assert cross.double_claims([one]) == ({}, [])


def test_the_same_plot_id_and_certificate_declared_in_another_county_is_still_a_double_claim():
    """A second project that copies the plot id and certificate but declares another county is
    not the same (county + plot id) key, yet the same certificate: reported, naming the first."""
    first = Extract("HN-PJ-2026-001", "平江项目", "43", "CCER", "", 0, AS_OF, "D1", "",
                    [("430626", "430626-LY-012-03", "湘（2021）平江县不动产权第0001234号", 35.2)])
    second = Extract("HN-PJ-2026-070", "另一项目", "43", "CCER", "", 0, AS_OF, "D2", "",
                     [("430624", "430626-LY-012-03", "湘（2021）平江县不动产权第0001234号", 35.2)])
    found, _ = cross.double_claims([first, second])
    assert found.get("HN-PJ-2026-070"), found
    assert all("HN-PJ-2026-001" in f.message("zh") for f in found["HN-PJ-2026-070"])
