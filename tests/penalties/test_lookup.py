"""The checker's lookup: active_sanctions(register_or_url, codes, as_of, province, mechanism)."""
from __future__ import annotations

import datetime as dt
import sqlite3

from compliance.penalties.lookup import ActiveSanction, active_sanctions

D = dt.date


def test_active_on_the_as_of_date_with_inclusive_ends(world, h):
    code = h.uscc(11)
    sid = world.record("HC", code=code, from_date="2026-03-01", to_date="2026-12-31").sanction_id

    def ids(day):
        return [a.entry_id for a in active_sanctions(world.reg, [code], day, "43", "CCER")]
    assert ids(D(2026, 2, 28)) == []
    assert ids(D(2026, 3, 1)) == [sid]
    assert ids(D(2026, 12, 31)) == [sid]
    assert ids(D(2027, 1, 1)) == []


def test_result_carries_what_the_checker_cites(world, h):
    code = h.uscc(12)
    done = world.record("HH", code=code, region_code="431221", measure="cancel", to_date=None, open_ended=True,
                        basis=["川林发〔2024〕3号 六(四)", "森林法 第七十四条"], case_number="怀林罚〔2026〕7号")
    [a] = active_sanctions(world.reg, [code.lower()], D(2026, 5, 1), "431202", "XLTP")
    assert isinstance(a, ActiveSanction)
    assert (a.entry_id, a.event_hash, a.measure, a.blocking) == (done.sanction_id, done.hash, "cancel", True)
    assert (a.province, a.mechanisms, a.from_date, a.to_date) == ("43", ("CCER", "XLTP"), D(2026, 3, 1), None)
    assert (a.authority, a.authority_division, a.authority_level) == ("怀化市林业局", "4312", "prefecture")
    assert a.case_number == "怀林罚〔2026〕7号"
    assert a.citation == "川林发〔2024〕3号 六(四)；森林法 第七十四条"
    assert a.matched_by == "code" and a.code == code


def test_scope_province_and_mechanism(world, h):
    code = h.uscc(13)
    world.record("HC", code=code, mechanisms=["XLTP"])
    world.record("HN", code=code, region_code="430181", mechanisms=None, case_number="湘林罚〔2026〕9号")  # all
    on = D(2026, 4, 1)
    assert len(active_sanctions(world.reg, [code], on, "43", "XLTP")) == 2
    assert [a.mechanisms for a in active_sanctions(world.reg, [code], on, "43", "SCPH")] == [("*",)]
    assert len(active_sanctions(world.reg, [code], on, "43", None)) == 2
    assert active_sanctions(world.reg, [code], on, "51", "XLTP") == []


def test_folds_amendments_lifts_and_appeals(world, h):
    a, b, c = h.uscc(21), h.uscc(22), h.uscc(23)
    s1 = world.record("HC", code=a, case_number="k1").sanction_id
    s2 = world.record("HC", code=b, case_number="k2").sanction_id
    s3 = world.record("HC", code=c, case_number="k3").sanction_id
    sig = world.signers["HC"]
    world.reg.amend(s1, {"measure": "restrict"}, reason="更正", authority="HC", signer=sig)
    world.reg.lift(s2, lifted_on="2026-04-01", reason="整改到位", authority="HC", signer=sig)
    world.reg.appeal(s3, outcome="revoked", decided_on="2026-05-01", body="怀化市人民政府", document="复决1号",
                     authority="HC", signer=sig)
    got = {x.entry_id: x for x in active_sanctions(world.reg, [a, b, c], D(2026, 3, 15), "43", "CCER")}
    assert set(got) == {s1, s2}  # the revoked one was void from the start
    assert got[s1].measure == "restrict" and not got[s1].blocking
    assert [x.entry_id for x in active_sanctions(world.reg, [a, b, c], D(2026, 4, 1), "43", "CCER")] == [s1]


def test_by_normalised_name_and_measure_filter(world, h):
    world.record("HC", code=h.uscc(31), entity_name="湖南ＡＢＣ林业股份有限公司", measure="notice", case_number="n1")
    got = active_sanctions(world.reg, [], D(2026, 4, 1), "43", "CCER", names=["湖南abc林业有限责任公司"])
    assert [(g.matched_by, g.measure) for g in got] == [("name", "notice")]
    assert active_sanctions(world.reg, [], D(2026, 4, 1), "43", "CCER", names=["湖南abc林业有限责任公司"],
                            measures=("suspend", "cancel")) == []
    assert active_sanctions(world.reg, [], D(2026, 4, 1), "43", "CCER") == []


def test_by_url_string(world, h):
    code = h.uscc(41)
    world.record("HC", code=code)
    assert [a.code for a in active_sanctions(world.url, [code], D(2026, 4, 1), "43", "CCER")] == [code]
    assert [a.code for a in active_sanctions(str(world.path), [code], D(2026, 4, 1), "43", "CCER")] == [code]


def test_a_missing_register_file_means_no_sanctions_and_is_not_created(tmp_path, h):
    path = tmp_path / "none.sqlite3"
    assert active_sanctions(str(path), [h.uscc(1)], D(2026, 4, 1), "43", "CCER") == []
    assert not path.exists()


def test_the_entry_found_is_re_derived_from_its_own_events_through_the_index(world, h):
    """Each entry a finding cites is re-read from its events by an index seek, not a scan."""
    from sqlalchemy import event

    world.record()
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "sanction_events.sanction_id =" in statement:
            seen.append((statement, parameters))

    event.listen(world.reg.engine, "before_cursor_execute", capture)
    try:
        found = active_sanctions(world.reg, [h.uscc(1)], D(2026, 4, 1), "43", "CCER")
    finally:
        event.remove(world.reg.engine, "before_cursor_execute", capture)
    assert found and len(seen) == 1
    sql, params = seen[0]
    with sqlite3.connect(world.path) as db:
        plan = " ".join(str(r[-1]) for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "ix_sanction_events_sanction" in plan, plan
