"""Screening by code, then by normalised Chinese name."""
from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from compliance.penalties.fields import normalize_name
from compliance.penalties.screen import looks_like_code, screen


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in s)


def test_normalisation_folds_width_spaces_punctuation_and_legal_form():
    base = normalize_name("湖南绿源林业发展有限公司")
    assert base == "湖南绿源林业发展"
    for variant in ("湖南绿源林业发展有限责任公司", "湖南绿源林业发展股份有限公司", " 湖南 绿源林业发展（有限合伙）",
                    "湖南绿源林业发展"):
        assert normalize_name(variant) == base, variant
    assert normalize_name("湖南ＡＢＣ林业有限公司") == normalize_name("湖南abc林业有限公司") == "湖南abc林业"
    assert normalize_name("有限公司") == "有限公司"  # a name that is only a legal form stays


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30))
def test_full_and_half_width_ascii_normalise_alike(s):
    assert normalize_name(_fullwidth(s)) == normalize_name(s)


@given(st.text(max_size=40))
def test_normalisation_never_fails_and_keeps_only_letters_and_digits(s):
    out = normalize_name(s)
    assert all(unicodedata.category(c)[0] in "LN" for c in out)


def test_code_first_then_names_with_scores_and_reasons(world, h):
    code = h.uscc(51)
    world.record("HC", code=code, entity_name="湖南绿源林业发展有限公司", case_number="a1")
    world.record("HC", code=h.uscc(52), entity_name="湖南绿源林业发展股份有限公司", case_number="a2")
    world.record("HC", code=h.uscc(53), entity_name="怀化湖南绿源林业发展科技有限公司", case_number="a3",
                 from_date="2020-01-01", to_date="2020-12-31")
    world.record("HC", code=h.uscc(54), entity_name="完全无关苗木有限公司", case_number="a4")
    hits = screen(world.reg, code=code, name="湖南绿源林业发展有限公司", as_of=dt.date(2026, 4, 1))
    got = [(x.entry_id, x.score, x.reason, x.active) for x in hits]
    assert got == [("S6", 1.0, "code", True), ("S7", 0.9, "name_normalised", True),
                   ("S8", 0.5 + round(0.3 * 8 / 12, 2), "name_contains", False)]
    [exact] = screen(world.reg, name="完全无关苗木有限公司")
    assert (exact.score, exact.reason) == (0.95, "name_exact")
    assert exact.reason_text("zh") == "名称完全一致" and exact.reason_text("en") == "identical name"
    assert screen(world.reg, name="不存在的公司") == []


def test_looks_like_code():
    assert looks_like_code("91431202MA0000001L") and looks_like_code("4312021980010100 1X")
    assert not looks_like_code("湖南绿源林业发展有限公司")
