"""Recording, lifting, amending and appeals; enrolment; jurisdiction; record-time warnings."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from compliance.penalties import fields
from compliance.penalties.chain import Signer
from compliance.penalties.lookup import active_sanctions
from compliance.penalties.messages import RegisterError
from compliance.penalties.store import Register

D = dt.date


def _refused(key, fn, *args, **kwargs) -> RegisterError:
    with pytest.raises(RegisterError) as info:
        fn(*args, **kwargs)
    assert info.value.key == key, info.value.render("en")
    return info.value


# ---------------------------------------------------------------------- enrolment

def test_first_province_enrolment_needs_the_bootstrap_flag(tmp_path):
    reg = Register(str(tmp_path / "r.db"))
    k = Signer.generate()
    _refused("bootstrap_flag", reg.enroll, authority_id="HN", name="湖南省林业局", division="43",
             public_key=k.public_key, acting="HN", signer=k)
    done = reg.enroll(authority_id="HN", name="湖南省林业局", division="430000", public_key=k.public_key,
                      signer=k, bootstrap=True)
    assert done.seq == 1
    assert reg.authority("HN")["level"] == "province" and reg.authority("HN")["division"] == "43"


def test_bootstrap_only_once_per_province_and_only_for_a_province(world):
    k = Signer.generate()
    _refused("bootstrap_exists", world.reg.enroll, authority_id="HN2", name="湖南省生态环境厅", division="43",
             public_key=k.public_key, signer=k, bootstrap=True)
    _refused("bootstrap_not_province", world.reg.enroll, authority_id="CS", name="长沙市林业局", division="4301",
             public_key=k.public_key, signer=k, bootstrap=True)
    assert world.reg.authority("HN2") is None


def test_only_a_province_authority_of_the_same_province_enrols(world):
    k = Signer.generate()
    _refused("enroll_needs_province", world.reg.enroll, authority_id="LY", name="浏阳市林业局", division="430181",
             public_key=k.public_key, acting="HH", signer=world.signers["HH"])
    _refused("enroll_other_province", world.reg.enroll, authority_id="LY", name="浏阳市林业局", division="430181",
             public_key=k.public_key, acting="SC", signer=world.signers["SC"])
    _refused("key_mismatch", world.reg.enroll, authority_id="LY", name="浏阳市林业局", division="430181",
             public_key=k.public_key, acting="HN", signer=k)
    _refused("division_unknown", world.reg.enroll, authority_id="LY", name="x", division="439999",
             public_key=k.public_key, acting="HN", signer=world.signers["HN"])
    assert world.reg.authority("LY") is None
    world.reg.enroll(authority_id="LY", name="浏阳市林业局", division="430181", public_key=k.public_key,
                     acting="HN", signer=world.signers["HN"])
    assert world.reg.authority("LY")["level"] == "county"


def test_key_replacement_retires_the_old_key(world, h):
    new = Signer.generate()
    _refused("authority_exists", world.reg.enroll, authority_id="HC", name="怀化市鹤城区林业局", division="431202",
             public_key=new.public_key, acting="HN", signer=world.signers["HN"])
    world.reg.enroll(authority_id="HC", name="怀化市鹤城区林业局", division="431202", public_key=new.public_key,
                     acting="HN", signer=world.signers["HN"], replace_key=True)
    before = world.count()
    _refused("key_mismatch", world.record, "HC")
    assert world.count() == before
    world.reg.record(h.sanction(), authority="HC", signer=new)
    assert world.reg.verify().ok


# ---------------------------------------------------------------------- jurisdiction and signing

def test_record_within_jurisdiction(world, h):
    done = world.record("HC")
    s = world.reg.sanction(done.sanction_id)
    assert s["decided_by"] == {"authority_id": "HC", "name": "怀化市鹤城区林业局", "division": "431202",
                               "level": "county"}
    assert s["scope"] == {"province": "43", "mechanisms": ["CCER", "XLTP"]}
    # a prefecture acts within its prefecture, a province within the province
    world.record("HH", region_code="431221", case_number="怀林罚〔2026〕2号")
    world.record("HN", region_code="430181", case_number="湘林罚〔2026〕3号")
    assert world.reg.verify().ok


@pytest.mark.parametrize("who,region", [("HC", "431221"), ("HH", "430181"), ("HN", "510104"), ("SC", "431202")])
def test_out_of_jurisdiction_is_refused_and_nothing_written(world, who, region):
    before = world.count()
    err = _refused("out_of_jurisdiction", world.record, who, region_code=region)
    assert err.field == "region_code"
    assert world.count() == before and world.reg.sanctions() == []


def test_scope_province_must_be_the_authoritys(world):
    err = _refused("scope_other_province", world.record, "HN", province="51")
    assert err.field == "province"


def test_unsigned_and_wrongly_signed_attempts_are_refused(world, h):
    before = world.count()
    _refused("key_unsigned", world.reg.record, h.sanction(), authority="HC", signer=None)
    _refused("key_mismatch", world.reg.record, h.sanction(), authority="HC", signer=world.signers["ZF"])
    _refused("key_mismatch", world.reg.record, h.sanction(), authority="HC", signer=Signer.generate())
    _refused("authority_unknown", world.reg.record, h.sanction(), authority="NOBODY", signer=Signer.generate())
    assert world.count() == before


def test_a_county_cannot_act_on_another_countys_sanction(world):
    sid = world.record("HC").sanction_id
    err = _refused("out_of_jurisdiction", world.reg.lift, sid, lifted_on="2026-06-01", reason="整改",
                   authority="ZF", signer=world.signers["ZF"])
    assert err.field == "authority"
    # the prefecture above it may
    world.reg.lift(sid, lifted_on="2026-06-01", reason="整改到位", authority="HH", signer=world.signers["HH"])


# ---------------------------------------------------------------------- lifecycle

def test_lift_ends_the_sanction_from_its_date_and_keeps_the_history(world):
    sid = world.record("HC").sanction_id
    recorded_payload = world.reg.events(sid)[0].content
    world.reg.lift(sid, lifted_on="2026-09-01", reason="已整改并通过复查", basis=["森林法 第七十四条"],
                   authority="HC", signer=world.signers["HC"])
    codes = [world.reg.sanction(sid)["entity"]["code"]]
    assert [a.entry_id for a in active_sanctions(world.reg, codes, D(2026, 8, 31), "43", "CCER")] == [sid]
    assert active_sanctions(world.reg, codes, D(2026, 9, 1), "43", "CCER") == []
    events = world.reg.events(sid)
    assert [e.kind for e in events] == ["recorded", "lifted"]
    assert events[0].content == recorded_payload  # nothing rewritten
    assert events[1].body["refers_to"] == events[0].hash
    _refused("already_lifted", world.reg.lift, sid, lifted_on="2026-10-01", reason="x", authority="HC",
             signer=world.signers["HC"])
    later = world.record("HC", case_number="c2").sanction_id
    err = _refused("lift_before_from", world.reg.lift, later, lifted_on="2026-02-28", reason="x", authority="HC",
                   signer=world.signers["HC"])
    assert err.field == "lifted_on"


def test_amend_is_a_new_event_referring_to_the_old_one(world):
    sid = world.record("HC").sanction_id
    world.reg.amend(sid, {"measure": "restrict", "to_date": "2028-02-29"}, reason="决定书笔误更正",
                    authority="HC", signer=world.signers["HC"])
    s = world.reg.sanction(sid)
    assert (s["measure"], s["to_date"], s["open_ended"]) == ("restrict", "2028-02-29", False)
    recorded, amended = world.reg.events(sid)
    assert recorded.body["measure"] == "suspend"
    assert amended.body["changes"] == {"measure": "restrict", "to_date": "2028-02-29"}
    assert amended.body["refers_to"] == recorded.hash
    _refused("no_changes", world.reg.amend, sid, {"measure": "restrict"}, reason="x", authority="HC",
             signer=world.signers["HC"])
    world.reg.amend(sid, {"open_ended": True}, reason="改为无固定期限", authority="HC", signer=world.signers["HC"])
    s = world.reg.sanction(sid)
    assert s["to_date"] is None and s["open_ended"] is True
    assert world.reg.verify().ok


def test_appeal_revoked_voids_the_sanction_and_closes_it(world):
    sid = world.record("HC").sanction_id
    code = world.reg.sanction(sid)["entity"]["code"]
    world.reg.appeal(sid, outcome="撤销", decided_on="2026-05-10", body="怀化市人民政府",
                     document="怀政复决字〔2026〕8号", authority="HC", signer=world.signers["HC"])
    assert world.reg.sanction(sid)["status"] == "revoked"
    assert active_sanctions(world.reg, [code], D(2026, 4, 1), "43", "CCER") == []
    _refused("already_revoked", world.reg.lift, sid, lifted_on="2026-06-01", reason="x", authority="HC",
             signer=world.signers["HC"])


def test_appeal_varied_applies_the_varied_fields(world):
    sid = world.record("HC").sanction_id
    _refused("varied_needs_changes", world.reg.appeal, sid, outcome="varied", decided_on="2026-05-10",
             body="怀化市人民政府", document="怀政复决字〔2026〕9号", authority="HC", signer=world.signers["HC"])
    world.reg.appeal(sid, outcome="varied", decided_on="2026-05-10", body="怀化市人民政府",
                     document="怀政复决字〔2026〕9号", changes={"measure": "restrict"}, authority="HC",
                     signer=world.signers["HC"])
    s = world.reg.sanction(sid)
    assert s["measure"] == "restrict" and s["appeals"][0]["outcome"] == "varied"
    [hit] = active_sanctions(world.reg, [s["entity"]["code"]], D(2026, 6, 1), "43", "XLTP")
    assert hit.measure == "restrict" and not hit.blocking


def test_case_numbers_are_unique(world):
    world.record("HC")
    err = _refused("case_duplicate", world.record, "HC", code=world.reg.sanctions()[0]["entity"]["code"])
    assert err.field == "case_number"


# ---------------------------------------------------------------------- fields

def test_open_ended_must_be_stated(world):
    err = _refused("to_or_open", world.record, "HC", to_date=None)
    assert err.field == "to_date"
    done = world.record("HC", to_date=None, open_ended=True)
    s = world.reg.sanction(done.sanction_id)
    assert s["to_date"] is None and s["open_ended"] is True


def test_natural_person_kind_is_inferred_and_codes_are_checked(world, h):
    done = world.record("HC", entity_name="张三", code=h.id_number(7), case_number="c-person")
    assert world.reg.sanction(done.sanction_id)["entity"]["kind"] == "natural_person"
    err = _refused("code_invalid_any", world.record, "HC", code="91431202MA00000000", case_number="c-bad")
    assert err.field == "code"
    good = h.uscc(5)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    err = _refused("uscc_checksum", world.record, "HC", entity_kind="法人", code=bad, case_number="c-bad2")
    assert err.field == "code"


def test_several_bad_fields_are_reported_together(world):
    from compliance.penalties.messages import RegisterErrors

    with pytest.raises(RegisterErrors) as info:
        world.record("HC", from_date="2026-02-30", measure="罚款", region_code="4312xx")
    assert {e.field for e in info.value.errors} == {"from_date", "measure", "region_code"}


@pytest.mark.parametrize("text,kind", [
    ("森林法 第七十四条", "law"),
    ("《中华人民共和国行政处罚法》 第九条", "law"),
    ("温室气体自愿减排交易管理办法（试行） 第四十三条", "rule"),
    ("湖南省林业碳汇管理办法（湖南省人民政府令第300号） 第十条", "rule"),
    ("森林法实施条例 第四十三条", "regulation"),
    ("湘林基〔2025〕5号 第二十三条", "normative"),
    ("川林发[2024]3号 六(四)", "normative"),
    ("某某工作指引", "unknown"),
    # half-width parentheses, as typed on an English keyboard: the same rule
    ("温室气体自愿减排交易管理办法(试行) 第四十三条", "rule"),
    # a 办法 is not a law because its title ends in 法 (without a 令 number its rank is not known)
    ("某某资源管理办法 第十条", "unknown"),
])
def test_basis_classification(text, kind):
    assert fields.parse_basis(text)["kind"] == kind


def test_basis_citation_split():
    b = fields.parse_basis("川林发〔2024〕3号 六(四)")
    assert (b["document"], b["article"]) == ("川林发〔2024〕3号", "六(四)")
    b = fields.parse_basis("湘林基〔2025〕5号第二十三条")
    assert (b["document"], b["article"]) == ("湘林基〔2025〕5号", "第二十三条")


# ---------------------------------------------------------------------- warnings

def _rules(done):
    return [w["rule"] for w in done.warnings]


def test_reg_basis_when_only_normative_documents(world):
    done = world.record("HC", basis=["湘林基〔2025〕5号 第二十三条", "川林发〔2024〕3号 六(四)"])
    assert "REG-basis" in _rules(done)
    stored = world.reg.events(done.sanction_id)[0].warnings
    assert [w["rule"] for w in stored] == _rules(done)  # stored with the event, hashed and signed
    assert "REG-basis" not in _rules(world.record("HC", case_number="c2"))  # 森林法 is a law


def test_reg_limitation_after_two_years(world):
    assert "REG-limitation" in _rules(world.record("HC", conduct_ended="2024-02-28", decided_on="2026-03-01"))
    assert "REG-limitation" not in _rules(world.record("HC", conduct_ended="2024-03-01", decided_on="2026-03-01",
                                                       case_number="c2"))
    # the period runs to discovery (APL Art. 36), when the discovery date is known
    assert "REG-limitation" not in _rules(world.record("HC", conduct_ended="2023-01-01", discovered_on="2024-06-01",
                                                       decided_on="2026-03-01", case_number="c3"))


def test_meas43_default_period_for_ccer_data_falsification(world):
    done = world.record("HC", to_date=None, conduct="数据造假", mechanisms=["CCER"], from_date="2024-02-29")
    s = world.reg.sanction(done.sanction_id)
    assert s["to_date"] == "2027-02-28" and s["open_ended"] is False
    [w] = [w for w in done.warnings if w["rule"] == "MEAS-43"]
    assert w["case"] == "applied" and "2027-02-28" in w["message_zh"] and "3 years" in w["message_en"]
    # recognised from the grounds too; only suggested when open-ended is stated
    done = world.record("HC", to_date=None, open_ended=True, grounds="篡改减排量监测数据", case_number="c2")
    assert world.reg.sanction(done.sanction_id)["open_ended"] is True
    assert [w["case"] for w in done.warnings if w["rule"] == "MEAS-43"] == ["suggest"]
    # not for a scope without CCER
    err = _refused("to_or_open", world.record, "HC", to_date=None, conduct="数据造假", mechanisms=["XLTP"],
                   case_number="c3")
    assert err.field == "to_date"


def test_warnings_never_block(world):
    done = world.record("HC", basis=["湘林基〔2025〕5号 第二十三条"], conduct_ended="2020-01-01")
    assert set(_rules(done)) == {"REG-basis", "REG-limitation"}
    assert world.reg.sanction(done.sanction_id)["status"] == "in_force"
    payload = json.loads(json.dumps(world.reg.events(done.sanction_id)[0].content))
    assert {w["rule"] for w in payload["warnings"]} == {"REG-basis", "REG-limitation"}


def test_entries_signed_before_a_key_replacement_still_verify_and_can_be_acted_on(world, h):
    """A key replaced later still verifies what it signed: a check finds the old suspension, and
    the authority (with its new key) lifts it."""
    import datetime as dt

    from compliance.penalties.lookup import active_sanctions

    old = world.record("HC")
    new = Signer.generate()
    world.reg.enroll(authority_id="HC", name="怀化市鹤城区林业局", division="431202", public_key=new.public_key,
                     acting="HN", signer=world.signers["HN"], replace_key=True)
    hits = active_sanctions(world.reg, [h.uscc(1)], dt.date(2026, 6, 1), "43", "CCER")
    assert [s.entry_id for s in hits] == [old.sanction_id]
    world.reg.lift(old.sanction_id, lifted_on="2026-06-01", reason="整改到位", authority="HC", signer=new)
    assert active_sanctions(world.reg, [h.uscc(1)], dt.date(2026, 7, 1), "43", "CCER") == []
    assert world.reg.verify().ok and world.reg.verify(incremental=True).ok
