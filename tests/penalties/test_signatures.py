"""Signatures as a full verify judges them (libsodium), on SQLite and PostgreSQL, in this process
and in worker processes: a flipped bit, another key's signature, malformed signature bytes, and a
key of small order (with which anyone could "sign") are each named at their event."""
from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa

from compliance.penalties.chain import Signer, Verifier
from compliance.penalties.location import resolve_url
from compliance.penalties.store import Register


@pytest.fixture
def signed(backend, h):
    """A register: the province (HN, event 1) enrols a county (HC, 2), which records 3, 4, 5."""
    url, _ = backend
    sanction, uscc = h.sanction, h.uscc
    reg = Register(url)
    hn, hc = Signer.generate(), Signer.generate()
    reg.enroll(authority_id="HN", name="湖南省林业局", division="43", public_key=hn.public_key, signer=hn,
               bootstrap=True)
    reg.enroll(authority_id="HC", name="怀化市鹤城区林业局", division="431202", public_key=hc.public_key,
               acting="HN", signer=hn)
    for i in range(3):
        reg.record(sanction(code=uscc(i + 1), case_number=f"鹤林罚决字〔2026〕{i + 1}号"), authority="HC", signer=hc)
    assert reg.verify(workers=0).ok and reg.verify(workers=2).ok
    yield reg, url, {"HN": hn, "HC": hc}, h
    reg.close()


def _engine(url: str):
    return sa.create_engine(resolve_url(url) if "://" in url else f"sqlite:///{url}")


def _row(url: str, seq: int):
    engine = _engine(url)
    with engine.connect() as conn:
        found = conn.execute(sa.text("SELECT hash, signature FROM sanction_events WHERE seq = :s"), {"s": seq}).one()
    engine.dispose()
    return found


def _set_signature(url: str, seq: int, signature: str) -> None:
    engine = _engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE sanction_events SET signature = :g WHERE seq = :s"), {"g": signature, "s": seq})
    engine.dispose()


def _flipped(sig, head, signers):
    return sig[:-2] + ("00" if sig[-2:] != "00" else "11")


CASES = {
    "a flipped bit": _flipped,
    "another authority's valid signature": lambda sig, head, signers: signers["HN"].sign(head),
    "an unenrolled key's valid signature": lambda sig, head, signers: Signer.generate().sign(head),
    "not hex": lambda sig, head, signers: "zz" * 64,
    "63 bytes": lambda sig, head, signers: sig[:-2],
    "65 bytes": lambda sig, head, signers: sig + "00",
    "empty": lambda sig, head, signers: "",
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_signature_is_named_at_its_event(signed, case):
    reg, url, signers, h = signed
    head, sig = _row(url, 4)
    reg.close()
    bad = CASES[case](sig, head, signers)
    if len(bad) > 128 and url.startswith("postgresql"):
        pytest.skip("PostgreSQL's signature column holds at most 128 characters: no such row can be stored")
    _set_signature(url, 4, bad)
    for workers in (0, 2):
        res = reg.verify(workers=workers)
        assert not res.ok and res.bad_seq == 4 and res.problem.key == "v_signature", (case, workers, res)


def test_the_earliest_of_several_bad_signatures_is_named(signed):
    reg, url, signers, h = signed
    for seq in (5, 3):
        head, sig = _row(url, seq)
        _set_signature(url, seq, _flipped(sig, head, signers))
    for workers in (0, 2):
        res = reg.verify(workers=workers)
        assert not res.ok and res.bad_seq == 3 and res.problem.key == "v_signature", (workers, res)


def test_a_worker_process_that_dies_leaves_its_batches_to_the_verify(signed):
    """Batches sent to a worker that is gone are checked by the verifying process itself."""
    from compliance.penalties import replay

    reg, url, signers, h = signed
    head, sig = _row(url, 4)
    _set_signature(url, 4, _flipped(sig, head, signers))
    sigs = replay.Signatures(2, batch=1)
    try:
        sigs._workers[0].proc.kill()
        res = reg._verify(sigs, None, False)
    finally:
        sigs.close()
    assert not res.ok and res.bad_seq == 4 and res.problem.key == "v_signature", res


class _Forger:
    """'Signs' for the identity point, a public key of small order: R = identity, S = 0 satisfies
    the verification equation for every message (OpenSSL accepts it; libsodium refuses the key)."""

    public_key = base64.b64encode(bytes([1]) + bytes(31)).decode("ascii")

    def sign(self, head: str) -> str:
        return (bytes([1]) + bytes(63)).hex()


def test_a_key_of_small_order_does_not_verify(signed):
    reg, url, signers, h = signed
    forger = _Forger()
    reg.enroll(authority_id="ZF", name="中方县林业局", division="431221", public_key=forger.public_key,
               acting="HN", signer=signers["HN"])
    reg.record(h.sanction(code=h.uscc(9), region_code="431221", case_number="中林罚决字〔2026〕9号"),
               authority="ZF", signer=forger)
    seq = reg.head()[0]
    head, sig = _row(url, seq)
    assert not Verifier().check(forger.public_key, head, sig)
    for workers in (0, 2):
        res = reg.verify(workers=workers)
        assert not res.ok and res.bad_seq == seq and res.problem.key == "v_signature", (workers, res)


def test_a_worker_that_stops_answering_does_not_hold_the_verify_up(signed, monkeypatch):
    """A worker that hangs (here: stopped) once every batch was handed out: after STALLED seconds
    without an answer the verifying process checks what it still holds, and names the bad event."""
    import os
    import signal

    from compliance.penalties import replay

    reg, url, signers, h = signed
    head, sig = _row(url, 4)
    _set_signature(url, 4, _flipped(sig, head, signers))
    monkeypatch.setattr(replay, "STALLED", 0.5)
    sigs = replay.Signatures(2, batch=1)
    try:
        for w in sigs._workers:
            os.kill(w.proc.pid, signal.SIGSTOP)
        res = reg._verify(sigs, None, False)
    finally:
        for w in sigs._workers:
            os.kill(w.proc.pid, signal.SIGCONT)
        sigs.close()
    assert not res.ok and res.bad_seq == 4 and res.problem.key == "v_signature", res
