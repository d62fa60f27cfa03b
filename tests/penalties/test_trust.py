"""Trust anchors: a province's root key is pinned out of band; a stranger cannot become the root."""
from __future__ import annotations


import pytest
from typer.testing import CliRunner

from compliance.penalties.chain import Signer
from compliance.penalties.messages import RegisterError
from compliance.penalties.store import Register
from compliance.penalties.trust import fingerprint

runner = CliRunner()


def _app():
    from compliance.cli.sanctions import app

    return app


def _pin(tmp_path, province: str, *keys: Signer):
    cfg = tmp_path / "config.toml"
    fps = ", ".join(f'"{fingerprint(k.public_key)}"' for k in keys)
    cfg.write_text(f"[sanctions.trust_anchors]\n{province} = [{fps}]\n", encoding="utf-8")
    return cfg


def test_a_strangers_bootstrap_of_a_pinned_province_is_refused(tmp_path):
    bureau, stranger = Signer.generate(), Signer.generate()
    _pin(tmp_path, "43", bureau)
    reg = Register(str(tmp_path / "r.sqlite3"))
    with pytest.raises(RegisterError) as info:
        reg.enroll(authority_id="HN", name="湖南省林业局", division="43", public_key=stranger.public_key,
                   signer=stranger, bootstrap=True)
    assert info.value.key == "root_not_pinned" and fingerprint(stranger.public_key) in info.value.message("en")
    assert reg.head()[0] == 0
    reg.enroll(authority_id="HN", name="湖南省林业局", division="43", public_key=bureau.public_key, signer=bureau,
               bootstrap=True)
    res = reg.verify()
    assert res.ok and res.unpinned == []


def test_cli_bootstrap_refused_with_a_message_and_fingerprint_printed(tmp_path):
    bureau, stranger = Signer.generate(), Signer.generate()
    _pin(tmp_path, "43", bureau)
    (tmp_path / "s.pem").write_bytes(stranger.pem())
    (tmp_path / "s.pem").chmod(0o600)
    r = runner.invoke(_app(), ["fingerprint", str(tmp_path / "s.pem")])
    assert r.exit_code == 0 and r.output.strip() == fingerprint(stranger.public_key)
    r = runner.invoke(_app(), ["enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43",
                               "--new-key", str(tmp_path / "s.pem"), "--bootstrap", "--key", str(tmp_path / "s.pem"),
                               "--db", str(tmp_path / "r.sqlite3"), "--lang", "en"])
    assert r.exit_code == 2 and "not the pinned one" in r.output and "Traceback" not in r.output


def test_a_register_whose_root_is_not_the_pinned_key_is_reported_and_not_relied_on(tmp_path, h):
    """A register bootstrapped by a stranger before the pin was configured."""
    stranger, bureau = Signer.generate(), Signer.generate()
    db = tmp_path / "r.sqlite3"
    reg = Register(str(db))
    reg.enroll(authority_id="HN", name="湖南省林业局", division="43", public_key=stranger.public_key,
               signer=stranger, bootstrap=True)
    reg.record(h.sanction(region_code="4312", case_number="湘林罚〔2026〕1号"), authority="HN", signer=stranger)
    res = reg.verify()
    assert res.ok and res.unpinned == ["43"]           # reported: no pinned root
    r = runner.invoke(_app(), ["verify", "--db", str(db), "--lang", "en"])
    assert r.exit_code == 0 and "do not chain to a pinned trust anchor" in r.output
    _pin(tmp_path, "43", bureau)
    res = reg.verify()
    assert not res.ok and res.bad_seq == 1 and res.problem.key == "v_root_not_pinned"
    from compliance.penalties.lookup import active_sanctions
    from compliance.penalties.verify import Unverified

    with pytest.raises(Unverified) as info:
        active_sanctions(reg, [h.uscc(1)], __import__("datetime").date(2026, 4, 1), "43", None)
    assert info.value.seq == 1


def test_bad_configuration_file_is_named(tmp_path):
    (tmp_path / "config.toml").write_text("[sanctions.trust_anchors]\n43 = 5\n", encoding="utf-8")
    bureau = Signer.generate()
    reg = Register(str(tmp_path / "r.sqlite3"))
    with pytest.raises(RegisterError) as info:
        reg.enroll(authority_id="HN", name="湖南省林业局", division="43", public_key=bureau.public_key,
                   signer=bureau, bootstrap=True)
    assert info.value.key == "config_bad" and "config.toml" in info.value.message("en")
