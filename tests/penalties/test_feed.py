"""The 通报 feed: published measures, IDs masked, each item provably in a signed head, verified offline."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from compliance.cli.sanctions import app
from compliance.penalties import feed as f
from compliance.penalties.trust import fingerprint

runner = CliRunner()


@pytest.fixture
def published(world, h):
    for i in range(4):
        world.record("HC", case_number=f"鹤林罚〔2026〕{i + 1}号", entity_name=f"怀化林业公司{i}", code=h.uscc(i + 1),
                     measure=("notice", "suspend", "restrict", "cancel")[i])
    world.record("HC", case_number="鹤林罚〔2026〕9号", entity_name="张三", code=h.id_number(7), measure="notice")
    return world


def test_merkle_paths_verify_for_every_size():
    for n in range(1, 20):
        leaves = [f.leaf({"n": i}) for i in range(n)]
        r = f.root(leaves)
        for i in range(n):
            assert f.root_from_path(i, n, leaves[i], f.audit_path(i, leaves)) == r
            assert f.root_from_path(i, n, f.leaf({"n": -1}), f.audit_path(i, leaves)) != r


@pytest.mark.parametrize("fmt", ["json", "atom"])
def test_feed_verifies_offline_and_masks_id_numbers(published, tmp_path, fmt, h):
    out = tmp_path / f"feed.{fmt}"
    r = runner.invoke(app, ["feed", "--format", fmt, "--out", str(out), "--authority", "HN",
                            "--key", str(published.key_files["HN"]), "--db", str(published.path), "--lang", "en"])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert h.id_number(7) not in text and "张三" in text
    feed = f.parse(text)
    assert feed["head"]["size"] == 5 and f.check(feed) == []
    fp = fingerprint(published.signers["HN"].public_key)
    r = runner.invoke(app, ["feed-verify", str(out), "--fingerprint", fp, "--lang", "en"])
    assert r.exit_code == 0 and "5 items" in r.output, r.output
    # another publisher's key is refused when the expected fingerprint is given
    r = runner.invoke(app, ["feed-verify", str(out), "--fingerprint", fingerprint(published.signers["SC"].public_key),
                            "--lang", "en"])
    assert r.exit_code == 1 and "not the expected" in r.output


def test_an_altered_item_or_head_is_named(published, tmp_path):
    feed = f.build(published.reg, authority="HN", signer=published.signers["HN"])
    bad = json.loads(f.to_json(feed))
    bad["items"][1]["item"]["to_date"] = "2026-03-02"          # shorten a suspension
    [(where, problem)] = f.check(bad)
    assert problem.key == "feed_inclusion" and "S" in where
    bad = json.loads(f.to_json(feed))
    del bad["items"][0]                                          # drop an item
    assert any(p.key == "feed_size" for _, p in f.check(bad))
    bad = json.loads(f.to_json(feed))
    bad["head"]["size"] = 4
    assert [p.key for _, p in f.check(bad)] == ["feed_signature"]


def test_feed_of_an_unverified_register_is_refused(published):
    import sqlite3

    from compliance.penalties.verify import Unverified

    published.reg.close()
    with sqlite3.connect(published.path) as db:
        db.execute("DELETE FROM sanction_state WHERE id = 'S7'")
    with pytest.raises(Unverified):
        f.build(published.reg, authority="HN", signer=published.signers["HN"])


def test_a_malformed_feed_file_is_a_message(tmp_path):
    p = tmp_path / "x.xml"
    p.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><feed/>', encoding="utf-8")
    r = runner.invoke(app, ["feed-verify", str(p), "--lang", "en"])
    assert r.exit_code == 2 and "not a valid sanctions feed" in r.output and "Traceback" not in r.output


def test_the_platform_list_is_the_verified_feed_with_proofs(published, h):
    """compliance.library.public (the site's /sanctions and feed.json) lists verified state only,
    ID numbers masked, each entry provably in the feed's root, tied to the signed register head."""
    import sqlite3

    from compliance.library import public
    from compliance.penalties.chain import Verifier
    from compliance.penalties.verify import Unverified

    published.reg.close()
    entries = public.published(str(published.path))
    assert [e["entity"] for e in entries][:2] == ["张三", "怀化林业公司3"]
    person = h.id_number(7)
    assert entries[0]["code"] == person[:6] + "********" + person[-4:]
    for e in entries:
        inc = e["inclusion"]
        got = f.root_from_path(inc["leaf_index"], inc["size"], f.leaf(inc["item"]), [bytes.fromhex(p) for p in inc["proof"]])
        assert got.hex() == inc["root"] and inc["item"]["code"] == e["code"]
    head = entries[0]["inclusion"]["register_head"]
    key = published.signers[head["authority"]].public_key
    assert Verifier().check(key, head["hash"], head["signature"])
    with sqlite3.connect(published.path) as db:   # lift a measure behind the register's back
        db.execute("UPDATE sanction_state SET doc = replace(doc, '\"in_force\"', '\"lifted\"') WHERE id = 'S7'")
    with pytest.raises(Unverified):
        public.published(str(published.path))


def _resign(feed: dict, signer) -> dict:
    from compliance.penalties.chain import canonical

    head = {k: v for k, v in feed["head"].items() if k != "signature"}
    head["public_key"] = signer.public_key
    head["signature"] = signer.sign_bytes(f.FEED_CONTEXT + canonical(head).encode("utf-8"))
    return {**feed, "head": head}


def test_an_item_repeated_in_place_of_another_is_refused(published):
    """Every leaf of the signed tree appears once: a copy of one item in place of another (a
    suspension hidden) or a leaf index written as text/float/boolean is named."""
    feed = json.loads(f.to_json(f.build(published.reg, authority="HN", signer=published.signers["HN"])))
    bad = json.loads(json.dumps(feed))
    bad["items"][2] = bad["items"][0]
    assert [p.key for _, p in f.check(bad)] == ["feed_duplicate"]
    for odd in ("1", 1.0, True):
        bad = json.loads(json.dumps(feed))
        bad["items"][1]["leaf_index"] = odd
        assert [p.key for _, p in f.check(bad)] == ["feed_inclusion"], odd


def test_a_self_signed_feed_claiming_the_bureaus_fingerprint_is_not_shown_as_the_bureau(published, tmp_path):
    """The publisher is the signing key: a forger's feed that copies the bureau's name and
    fingerprint field but signs with its own key is refused, and a feed verified without a
    fingerprint (none given, none pinned) says the publisher was not authenticated."""
    from compliance.penalties.chain import Signer

    feed = json.loads(f.to_json(f.build(published.reg, authority="HN", signer=published.signers["HN"])))
    forged = _resign(feed, Signer.generate())
    assert [p.key for _, p in f.check(forged)] == ["feed_fingerprint"]
    p = tmp_path / "forged.json"
    p.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(app, ["feed-verify", str(p), "--lang", "en"])
    assert r.exit_code == 1 and feed["head"]["fingerprint"] in r.output, r.output
    honest = tmp_path / "honest.json"
    honest.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(app, ["feed-verify", str(honest), "--lang", "en"])
    assert r.exit_code == 0 and "not authenticated" in r.output, r.output


def test_an_atom_entry_whose_shown_title_or_summary_was_altered_is_named(published):
    """A feed reader shows an Atom entry's title and summary, not its JSON content: both must
    be those of the signed item."""
    atom = f.to_atom(f.build(published.reg, authority="HN", signer=published.signers["HN"]))
    assert f.check(f.parse(atom)) == []
    for old, new in (("怀化林业公司1（", "某清白公司（"), ("suspend 2026-03-01", "notice 2026-03-01")):
        assert old in atom
        problems = f.check(f.parse(atom.replace(old, new, 1)))
        assert [p.key for _, p in problems] == ["feed_shown"], (old, problems)


def test_feed_verify_of_a_device_without_end_is_refused():
    r = runner.invoke(app, ["feed-verify", "/dev/zero", "--lang", "en"])
    assert r.exit_code == 2 and "not a valid sanctions feed" in r.output, r.output
