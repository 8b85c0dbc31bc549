"""The witnessed golden (tests/vectors/witnessed): a cosigned bundle, its policy, its tlog-proof."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tlog_scales.signing import NoteSignature as ScalesSignature
from tlog_scales.signing import Vkey, VkeySet
from tlog_scales.tlog import Checkpoint as ScalesCheckpoint
from tlog_scales.tlog import InclusionProof as ScalesInclusion
from tlog_scales.tlog import InclusionProofInvalid

from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.cosignature import Cosignature, verify_cosignature
from ipledger.verifier.core.errors import (
    DocumentMismatch,
    InclusionError,
    InvalidNote,
    InvalidTlogProof,
    QuorumNotMet,
    SignatureError,
    UnknownKeyError,
)
from ipledger.verifier.core.leaf import entry_leaf_hash, metadata_hash
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.policy import Policy, parse_policy
from ipledger.verifier.core.tlogproof import parse_tlog_proof, verify_tlog_proof
from ipledger.verifier.core.verify import Verdict, verify
from tests.verifier.golden import NAMES, NAMES_V2, load

WITNESSED = Path(__file__).resolve().parents[2] / "vectors" / "witnessed"


@cache
def manifest() -> dict[str, Any]:
    value: dict[str, Any] = json.loads((WITNESSED / "manifest.json").read_text("utf-8"))
    return value


def bundle_text() -> str:
    return (WITNESSED / "witnessed.json").read_text("utf-8")


def document() -> bytes:
    return (WITNESSED / "witnessed.doc").read_bytes()


def policy() -> Policy:
    return parse_policy((WITNESSED / "witnessed.policy").read_bytes())


def trusted() -> dict[int, bytes]:
    return {int(k): bytes.fromhex(v[2:]) for k, v in manifest()["trusted_blocks"].items()}


def with_checkpoint(note: str) -> str:
    data = json.loads(bundle_text())
    data["checkpoint"] = note
    return json.dumps(data)


def checkpoint_lines() -> tuple[str, list[str]]:
    """Return the checkpoint up to the log's signature line, and the cosignature lines."""
    note: str = json.loads(bundle_text())["checkpoint"]
    lines = note.splitlines(keepends=True)
    split = lines.index("\n") + 2
    return "".join(lines[:split]), lines[split:]


def test_the_golden_verifies_under_its_policy() -> None:
    verdict = verify(bundle_text(), document(), trusted=trusted(), policy=policy())
    assert verdict.proven and verdict.log_authenticated
    stamps = {p: w["cosigned_at"] for p, w in manifest()["witnesses"].items()}
    assert [(c.witness, c.timestamp, c.verified) for c in verdict.cosignatures] == [
        ("DE", stamps["DE"], True),
        ("EP", stamps["EP"], True),
    ]
    (witnessed,) = [c for c in verdict.checks if c.title == "Checkpoint witnessed per the policy"]
    assert witnessed.step == 4
    assert witnessed.detail.startswith("quorum offices: 2 of (EP, DE, FR) met; office DE")
    assert "office EP (ep.example/witness) saw this tree no later than" in witnessed.detail
    assert "witnessed, no later than: office DE (de.example/witness)" in verdict.claim()


def test_without_a_policy_cosignatures_are_unverified_extras() -> None:
    log_key = manifest()["log_key"]
    verdict = verify(bundle_text(), document(), log_key, trusted())
    assert [c.verified for c in verdict.cosignatures] == [False, False]
    names = [c.key_name for c in verdict.cosignatures]
    assert names == ["de.example/witness", "ep.example/witness"]
    assert "witnessed" not in verdict.claim()
    assert all("witness" not in c.title for c in verdict.checks)


def test_the_policy_gives_the_log_key() -> None:
    assert verify(bundle_text(), document(), policy=policy()).log_authenticated
    assert not verify(bundle_text(), document()).log_authenticated


def test_an_altered_cosignature_fails_at_step_4() -> None:
    head, (de, ep) = checkpoint_lines()
    raw = base64.b64decode(de.split(" ")[2])
    flipped = raw[:-1] + bytes([raw[-1] ^ 1])
    line = f"{de.split(' ')[0]} {de.split(' ')[1]} {base64.b64encode(flipped).decode()}\n"
    with pytest.raises(SignatureError, match=r"de\.example/witness.*does not verify"):
        verify(with_checkpoint(head + line + ep), document(), policy=policy())


def test_an_altered_timestamp_fails_at_step_4() -> None:
    head, (de, ep) = checkpoint_lines()
    cosignature = Cosignature.from_note_signature(parse_note(head + ep).signatures[1])
    later = Cosignature(cosignature.name, cosignature.key_id, cosignature.timestamp - 3600,
                        cosignature.signature)  # fmt: skip
    with pytest.raises(SignatureError, match=r"ep\.example/witness"):
        verify(with_checkpoint(head + de + later.line()), document(), policy=policy())


def test_a_cosignature_by_a_key_not_in_the_policy_does_not_count() -> None:
    head, (de, _) = checkpoint_lines()
    text = parse_note(head).text
    impostor = WitnessSigner("ep.example/witness", hashlib.sha256(b"impostor").digest())
    note = head + de + impostor.cosign(text, 1_796_315_621).line()
    with pytest.raises(QuorumNotMet, match=r"cosigned by DE; the quorum needs offices: 2 of"):
        verify(with_checkpoint(note), document(), policy=policy())
    verdict = verify(with_checkpoint(note), document())  # no policy: both listed, unchecked
    assert [c.verified for c in verdict.cosignatures] == [False, False]


def test_quorum_two_with_one_valid_cosignature_fails() -> None:
    head, (de, _) = checkpoint_lines()
    with pytest.raises(QuorumNotMet, match="cosigned by DE;"):
        verify(with_checkpoint(head + de), document(), trusted=trusted(), policy=policy())
    with pytest.raises(QuorumNotMet, match="cosigned by no policy witness"):
        verify(with_checkpoint(head), document(), policy=policy())


@pytest.mark.parametrize(("name", "version"), [(n, 1) for n in NAMES] + [(n, 2) for n in NAMES_V2])
def test_every_earlier_golden_verifies_unchanged_and_under_a_none_policy(
    name: str, version: int
) -> None:
    golden = load(name, version)
    before = verify(golden.text, golden.document, golden.log_key, golden.trusted)
    assert before.cosignatures == ()
    none = parse_policy(f"log {golden.log_key}\nquorum none\n")
    after = verify(golden.text, golden.document, trusted=golden.trusted, policy=none)
    assert after.log_authenticated and after.proven
    assert [c for c in after.checks if c.step != 4] == [c for c in before.checks if c.step != 4]
    witness = WitnessSigner("x1.example/witness", b"\x01" * 32)
    x1 = parse_policy(f"log {golden.log_key}\nwitness X1 {witness.verifier_key}\nquorum X1\n")
    with pytest.raises(QuorumNotMet, match="cosigned by no policy witness; the quorum needs X1"):
        verify(golden.text, golden.document, policy=x1)


# tlog-proof files


def proof_text() -> str:
    return (WITNESSED / "witnessed.tlog-proof").read_text("utf-8")


def test_the_golden_tlog_proof_verifies() -> None:
    verdict = verify_tlog_proof(document(), proof_text(), policy=policy())
    assert verdict.log_authenticated and verdict.document_checked
    assert (verdict.entry.index, verdict.tree_size) == (123, 700)
    assert [c.witness for c in verdict.cosignatures if c.verified] == ["DE", "EP"]
    assert [c.step for c in verdict.checks] == [0, 1, 2, 3, 4, 4]
    claim = verdict.claim()
    assert claim.startswith("The document is entry 123 of the log golden.ipledger.test/thousand")
    assert "witnessed, no later than" in claim and "block" not in claim
    assert any("chain anchor" in r for r in verdict.remaining)
    # The bundle and the proof make the same statement about the tree.
    bundle = verify(bundle_text(), document(), policy=policy())
    assert bundle.cosignatures == verdict.cosignatures


def test_the_tlog_proof_with_a_log_key_or_nothing() -> None:
    plain = verify_tlog_proof(document(), proof_text(), log_key=manifest()["log_key"])
    assert plain.log_authenticated and not any(c.verified for c in plain.cosignatures)
    assert any("no policy" in r for r in plain.remaining)
    bare = verify_tlog_proof(None, proof_text())
    assert not bare.log_authenticated and not bare.document_checked
    assert "(unauthenticated)" in bare.claim() and "sha256:" in bare.claim()


def test_a_tampered_tlog_proof_fails() -> None:
    with pytest.raises(DocumentMismatch):
        verify_tlog_proof(b"another document", proof_text(), policy=policy())
    proof = parse_tlog_proof(proof_text())
    assert proof.extra is not None
    entry = json.loads(proof.extra)
    for change in ({"received_at": entry["received_at"] + 1}, {"nonce": "00" * 16}):
        extra = json.dumps(entry | change).encode()
        text = proof.text().replace(
            base64.b64encode(proof.extra).decode(), base64.b64encode(extra).decode()
        )
        with pytest.raises(InclusionError):
            verify_tlog_proof(document(), text, policy=policy())
    moved = proof.text().replace("index 123\n", "index 124\n")
    with pytest.raises(InvalidTlogProof, match="entry 123, the index 124"):
        verify_tlog_proof(document(), moved)
    first = base64.b64encode(proof.inclusion_path[0]).decode()
    zero = base64.b64encode(bytes(32)).decode()
    with pytest.raises(InclusionError):
        verify_tlog_proof(document(), proof.text().replace(first, zero))
    head, (de, _) = checkpoint_lines()
    one_cosigner = proof.text().replace(proof.checkpoint, head + de)
    with pytest.raises(QuorumNotMet):
        verify_tlog_proof(document(), one_cosigner, policy=policy())


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        (None, "no extra line"),
        (b"not json", "not an ipledger entry"),
        (b'{"index": 123}', "not an ipledger entry"),
        (b'{"index": 1, "index": 2}', "duplicate key"),
    ],
)
def test_a_tlog_proof_without_a_usable_entry_is_refused(extra: bytes | None, why: str) -> None:
    proof = parse_tlog_proof(proof_text())
    text = proof.text().split("\n", 2)[2]  # drop the header and extra lines
    rebuilt = "c2sp.org/tlog-proof@v1\n"
    if extra is not None:
        rebuilt += f"extra {base64.b64encode(extra).decode()}\n"
    with pytest.raises(InvalidTlogProof, match=why):
        verify_tlog_proof(document(), rebuilt + text)


# Independent checks: tlog-scales and the core agree on which cosignatures are valid.

LOG = LogSigner("agree.example/log", hashlib.sha256(b"agree").digest())


def _tamper(rng: random.Random, line: str, text: str, signer: WitnessSigner) -> str:
    name, encoded = line.rstrip("\n").split(" ")[1:]
    raw = bytearray(base64.b64decode(encoded))
    kind = rng.choice(["none", "none", "sig", "time", "keyid", "other", "name"])
    if kind == "sig":
        raw[rng.randrange(12, len(raw))] ^= 1 << rng.randrange(8)
    elif kind == "time":
        raw[rng.randrange(4, 12)] ^= 1 << rng.randrange(8)
    elif kind == "keyid":
        raw[rng.randrange(0, 4)] ^= 1 << rng.randrange(8)
    elif kind == "other":  # a valid cosignature of another checkpoint
        other = format_checkpoint(LOG.name, 2, hashlib.sha256(text.encode()).digest())
        return signer.cosign(other, 1 + rng.randrange(2**40)).line()
    elif kind == "name":
        name = name + "x"
    return f"\u2014 {name} {base64.b64encode(bytes(raw)).decode()}\n"


def _core_valid(note: str, keys: list[str]) -> set[str]:
    valid = set()
    for key in keys:
        try:
            verify_cosignature(note, key)
        except (SignatureError, UnknownKeyError, InvalidNote):
            continue
        valid.add(key.split("+")[0])
    return valid


@pytest.mark.parametrize("seed", range(40))
def test_tlog_scales_agrees_on_which_cosignatures_are_valid(seed: int) -> None:
    rng = random.Random(seed)
    text = format_checkpoint(LOG.name, 1 + rng.randrange(10**6), rng.randbytes(32))
    count = rng.randrange(1, 6)
    signers = [WitnessSigner(f"w{i}.example", rng.randbytes(32)) for i in range(count)]
    lines = [
        _tamper(rng, s.cosign(text, 1 + rng.randrange(2**62)).line(), text, s) for s in signers
    ]
    note = LOG.sign_note(text) + "".join(lines)
    keys = [s.verifier_key for s in signers]
    scales = VkeySet(*(Vkey.from_string(k) for k in keys)).verify(
        [ScalesSignature.from_line(line.rstrip("\n")) for line in lines],
        ScalesCheckpoint.from_text(note),
    )
    assert {vkey.name for vkey, _ in scales} == _core_valid(note, keys)


def test_the_golden_cosignatures_are_valid_for_tlog_scales() -> None:
    _, lines = checkpoint_lines()
    keys = [w["key"] for w in manifest()["witnesses"].values()]
    note: str = json.loads(bundle_text())["checkpoint"]
    scales = VkeySet(*(Vkey.from_string(k) for k in keys)).verify(
        [ScalesSignature.from_line(line.rstrip("\n")) for line in lines],
        ScalesCheckpoint.from_text(note),
    )
    assert sorted(vkey.name for vkey, _ in scales) == ["de.example/witness", "ep.example/witness"]
    assert isinstance(verify(bundle_text(), policy=policy()), Verdict)


def test_every_byte_of_a_cosignature_matters() -> None:
    # Flipping any bit of a needed cosignature fails the verification: at its key id the line
    # is a stranger's (not counted: the quorum falls short), elsewhere it does not verify.
    head, (de, ep) = checkpoint_lines()
    prefix, name, encoded = de.rstrip("\n").split(" ")
    raw = base64.b64decode(encoded)
    outcomes = set()
    for i in range(len(raw)):
        flipped = raw[:i] + bytes([raw[i] ^ 0x80]) + raw[i + 1 :]
        line = f"{prefix} {name} {base64.b64encode(flipped).decode()}\n"
        with pytest.raises((SignatureError, QuorumNotMet, InvalidNote)) as caught:
            verify(with_checkpoint(head + line + ep), document(), policy=policy())
        outcomes.add(type(caught.value))
    assert outcomes == {QuorumNotMet, SignatureError, InvalidNote}  # id; signature; time 2^63+


def test_tlog_scales_checks_the_golden_tlog_proof() -> None:
    # A third party's reading of the file: its checkpoint's three signatures (the log's
    # and two cosignatures) and the inclusion path from the entry's leaf to the root.
    proof = parse_tlog_proof(proof_text())
    checkpoint = ScalesCheckpoint.from_text(proof.checkpoint)
    keys = [manifest()["log_key"], *(w["key"] for w in manifest()["witnesses"].values())]
    valid = VkeySet(*(Vkey.from_string(k) for k in keys)).verify(checkpoint.signatures, checkpoint)
    assert len(valid) == 3
    leaf = verify_tlog_proof(document(), proof).entry
    leaf_hash = entry_leaf_hash(
        leaf.digest, leaf.nonce, metadata_hash(leaf.metadata_object()), leaf.received_at
    )
    scales = ScalesInclusion(proof.index, checkpoint.size, list(proof.inclusion_path))
    scales.check(leaf_hash, checkpoint.root_hash)  # raises InclusionProofInvalid if wrong
    with pytest.raises(InclusionProofInvalid):
        ScalesInclusion(proof.index + 1, checkpoint.size, list(proof.inclusion_path)).check(
            leaf_hash, checkpoint.root_hash
        )
