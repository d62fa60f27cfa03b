"""Bounds: every text has a limit, dates are strict ISO; no SQL or traceback reaches the user."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from compliance.cli.sanctions import app

runner = CliRunner()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "b.sqlite3")

    def run(*args):
        return runner.invoke(app, [*args, "--db", db, "--lang", "en"])
    r = run("enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem", "--bootstrap")
    assert r.exit_code == 0, r.output
    return run


def _clean(r, *words):
    assert r.exit_code == 2, r.output
    for w in words:
        assert w in r.output, r.output
    for bad in ("Traceback", "SELECT", "sqlalchemy", "psycopg"):
        assert bad not in r.output


def test_screen_with_a_40000_character_name_is_refused_naming_the_field(cli):
    _clean(cli("screen", "林" * 40_000), "query", "200")


def test_authority_name_has_a_length_limit(cli):
    _clean(cli("enroll", "--id", "HC", "--name", "局" * 300, "--division", "431202", "--new-key", "hc.pem",
               "--authority", "HN", "--key", "hn.pem"), "authority name", "200")


@pytest.mark.parametrize("value", ["2026-03-01T25:00", "2026-02-30", "2026-03-01Tnoon", "9" * 60,
                                   "2026-3-1", "2026/03/01", "20260301", "2026年3月1日", "2026.03.01"])
def test_dates_are_strict(cli, value):
    r = cli("record", "--entity", "怀化绿源林业有限公司", "--code", "91431202MA0000001L", "--region", "43",
            "--measure", "暂停", "--mechanism", "CCER", "--from", value, "--to", "2027-02-28",
            "--grounds", "圈占", "--basis", "森林法 第七十四条", "--case-number", "湘林罚〔2026〕1号",
            "--authority", "HN", "--key", "hn.pem")
    _clean(r, "from")
    assert "YYYY-MM-DD" in r.output


def test_an_iso_date_in_full_width_digits_is_read_as_that_date():
    from compliance.penalties import fields

    assert fields.parse_date("２０２６-０３-０１", "from").isoformat() == "2026-03-01"
    assert fields.parse_date("2026-03-01T08:30:00+08:00", "from").isoformat() == "2026-03-01"


def test_every_text_field_has_a_limit():
    from compliance.penalties import fields
    from compliance.penalties.messages import RegisterError

    with pytest.raises(RegisterError) as info:
        fields.text("x" * (fields.DEFAULT_MAX_TEXT + 1), "some_new_field")
    assert info.value.key == "too_long"


@pytest.mark.parametrize("field, value, shown", [
    ("--grounds", "圈占\udcff林地", "\\udcff"),              # an undecodable byte in the command line
    ("--entity", "\u202e司公限有业林源绿化怀", "\\u202e"),   # a right-to-left override reorders the name
    ("--case-number", "湘林罚〔2026〕\x001号", "\\x00"),
])
def test_a_character_that_cannot_be_stored_or_reorders_text_is_named(cli, field, value, shown):
    args = {"--entity": "怀化绿源林业有限公司", "--grounds": "圈占", "--case-number": "湘林罚〔2026〕1号"}
    args[field] = value
    r = cli("record", "--entity", args["--entity"], "--code", "91431202MA0000001L", "--region", "43",
            "--measure", "暂停", "--mechanism", "CCER", "--from", "2026-03-01", "--to", "2027-02-28",
            "--grounds", args["--grounds"], "--basis", "森林法 第七十四条", "--case-number", args["--case-number"],
            "--authority", "HN", "--key", "hn.pem")
    _clean(r, field, shown)
    assert "internal" not in r.output


@pytest.mark.parametrize("option, n", [("--evidence", 51), ("--basis", 21)])
def test_list_fields_have_a_count_limit(cli, option, n):
    items = [x for i in range(n) for x in (option, f"森林法 第七十四条" if option == "--basis" else f"勘验笔录{i}号")]
    r = cli("record", "--entity", "怀化绿源林业有限公司", "--code", "91431202MA0000001L", "--region", "43",
            "--measure", "暂停", "--mechanism", "CCER", "--from", "2026-03-01", "--to", "2027-02-28",
            "--grounds", "圈占", "--case-number", "湘林罚〔2026〕1号", "--authority", "HN", "--key", "hn.pem",
            *(["--basis", "森林法 第七十四条"] if option != "--basis" else []), *items)
    _clean(r, option, str(n))
