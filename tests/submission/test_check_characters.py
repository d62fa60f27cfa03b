"""The check characters of 统一社会信用代码 and 身份证号码 are computed by the product itself (python-stdnum
is slow to import); they agree with python-stdnum's over many random codes."""
from __future__ import annotations

import random

from stdnum.cn import ric, uscc

from compliance.reference import ids


def test_uscc_check_characters_agree_with_stdnum():
    rng = random.Random(11)
    for _ in range(5000):
        first17 = "".join(rng.choice(ids.USCC_ALPHABET) for _ in range(17))
        assert ids._uscc_digit(first17) == uscc.calc_check_digit(first17)
    assert ids.uscc_problem("91350100M000100Y43") is None          # stdnum's documented example


def test_id_number_check_characters_agree_with_stdnum():
    rng = random.Random(12)
    for _ in range(5000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert ids._ric_digit(first17 + "0") == ric.calc_check_digit(first17 + "0")   # both read the first 17
