"""tlog-policy files: strict parsing, quorums over nested groups, step 4 under a policy."""

from __future__ import annotations

import base64
import contextlib
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipledger.ledger.keys import LogSigner, WitnessSigner
from ipledger.verifier.core.checkpoint import format_checkpoint
from ipledger.verifier.core.cosignature import Cosignature, cosigned_message
from ipledger.verifier.core.errors import (
    InvalidNote,
    InvalidPolicy,
    QuorumNotMet,
    SignatureError,
    UnknownKeyError,
)
from ipledger.verifier.core.policy import (
    NONE,
    Policy,
    check_checkpoint,
    cosignature_lines,
    parse_policy,
)

LOG = LogSigner("office-a.example/log", hashlib.sha256(b"policy log").digest())
OTHER_LOG = LogSigner("office-z.example/log", hashlib.sha256(b"other log").digest())
WITNESSES = {
    name: WitnessSigner(f"{name.lower()}.example/witness", hashlib.sha256(name.encode()).digest())
    for name in ("X1", "X2", "X3", "Y1", "Y2", "Y3")
}
TEXT = format_checkpoint(LOG.name, 1000, hashlib.sha256(b"root").digest())
STAMP = 1_764_000_000


def vkey(name: str) -> str:
    return WITNESSES[name].verifier_key


# The draft's example policy (tlog-policy.md, "Example policy"), with real keys substituted.
SPEC_EXAMPLE = f"""log {LOG.verifier_key}

witness X1 {vkey("X1")}
witness X2 {vkey("X2")}
witness X3 {vkey("X3")}
group X-witnesses 2 X1 X2 X3

witness Y1 {vkey("Y1")}
witness Y2 {vkey("Y2")}
witness Y3 {vkey("Y3")}
group Y-witnesses any Y1 Y2 Y3

group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
"""


def cosigned(*names: str, text: str = TEXT, stamp: int = STAMP) -> str:
    note = LOG.sign_note(text)
    return note + "".join(WITNESSES[n].cosign(text, stamp + i).line() for i, n in enumerate(names))


def test_the_spec_example_parses() -> None:
    policy = parse_policy(SPEC_EXAMPLE)
    assert [str(k) for k in policy.logs] == [LOG.verifier_key]
    assert [w.name for w in policy.witnesses] == ["X1", "X2", "X3", "Y1", "Y2", "Y3"]
    assert [(g.name, g.threshold, g.members) for g in policy.groups] == [
        ("X-witnesses", 2, ("X1", "X2", "X3")),
        ("Y-witnesses", 1, ("Y1", "Y2", "Y3")),
        ("X-and-Y", 2, ("X-witnesses", "Y-witnesses")),
    ]
    assert policy.quorum == "X-and-Y"
    assert parse_policy(SPEC_EXAMPLE.encode()) == policy


@pytest.mark.parametrize(
    ("cosigners", "met"),
    [
        ({"X1", "X2", "Y1"}, True),
        ({"X1", "X3", "Y3"}, True),
        ({"X1", "X2", "X3", "Y1", "Y2", "Y3"}, True),
        ({"X1", "Y1", "Y2", "Y3"}, False),  # one X only: X-witnesses needs 2
        ({"X1", "X2", "X3"}, False),  # no Y
        ({"X1", "X2", "X-witnesses", "Y-witnesses"}, False),  # group names are not cosigners
        (set(), False),
    ],
)
def test_the_spec_examples_quorum_semantics(cosigners: set[str], met: bool) -> None:
    policy = parse_policy(SPEC_EXAMPLE)
    assert policy.quorum_met(set(cosigners)) is met


def test_the_quorum_over_real_cosignatures() -> None:
    policy = parse_policy(SPEC_EXAMPLE)
    checkpoint, key, lines = check_checkpoint(cosigned("X1", "X3", "Y2"), policy)
    assert (checkpoint.size, str(key)) == (1000, LOG.verifier_key)
    assert [(c.witness, c.timestamp, c.verified) for c in lines] == [
        ("X1", STAMP, True),
        ("X3", STAMP + 1, True),
        ("Y2", STAMP + 2, True),
    ]
    assert lines[0].key == vkey("X1") and lines[0].key_name == "x1.example/witness"
    with pytest.raises(QuorumNotMet, match=r"cosigned by X1, Y2; the quorum needs X-and-Y: 2 of"):
        check_checkpoint(cosigned("X1", "Y2"), policy)


def test_quorum_none_needs_no_cosignature_but_the_log_signature() -> None:
    policy = parse_policy(f"log {LOG.verifier_key}\nquorum none\n")
    assert policy.quorum == NONE and policy.quorum_met(set())
    _, key, lines = check_checkpoint(LOG.sign_note(TEXT), policy)
    assert str(key) == LOG.verifier_key and lines == ()
    with pytest.raises(UnknownKeyError, match="not a policy log"):
        check_checkpoint(OTHER_LOG.sign_note(format_checkpoint(OTHER_LOG.name, 1, b"\0" * 32)),
                         policy)


def test_a_policy_without_logs_leaves_the_log_key_to_the_reader() -> None:
    policy = parse_policy(f"witness X1 {vkey('X1')}\nquorum X1\n")
    _, key, _ = check_checkpoint(cosigned("X1"), policy)
    assert key is None
    _, key, _ = check_checkpoint(cosigned("X1"), policy, LOG.verifier_key)
    assert str(key) == LOG.verifier_key


def test_a_rotated_log_key_of_the_same_origin_is_accepted() -> None:
    new = LogSigner(LOG.name, hashlib.sha256(b"rotated").digest())
    policy = parse_policy(f"log {LOG.verifier_key}\nlog {new.verifier_key}\nquorum none\n")
    _, key, _ = check_checkpoint(new.sign_note(TEXT), policy)
    assert str(key) == new.verifier_key


def test_an_altered_cosignature_by_a_policy_witness_fails() -> None:
    policy = parse_policy(SPEC_EXAMPLE)
    good = WITNESSES["X2"].cosign(TEXT, STAMP)
    later = Cosignature(good.name, good.key_id, STAMP + 1, good.signature)
    flipped = bytes([good.signature[0] ^ 1]) + good.signature[1:]
    bad_signature = Cosignature(good.name, good.key_id, STAMP, flipped)
    for line in (later, bad_signature):
        note = cosigned("X1", "Y1") + line.line()
        with pytest.raises(SignatureError, match="does not verify"):
            check_checkpoint(note, policy)


def test_a_cosignature_by_a_key_not_in_the_policy_is_listed_not_counted() -> None:
    stranger = WitnessSigner("x2.example/witness", hashlib.sha256(b"stranger").digest())
    note = cosigned("X1", "Y1") + stranger.cosign(TEXT, STAMP).line()
    policy = parse_policy(SPEC_EXAMPLE)
    with pytest.raises(QuorumNotMet, match="cosigned by X1, Y1;"):
        check_checkpoint(note, policy)
    lines = cosignature_lines(note, policy)
    assert [(c.key_name, c.witness, c.verified) for c in lines][-1] == (
        "x2.example/witness", None, False)


def test_without_a_policy_cosignatures_are_listed_unverified() -> None:
    lines = cosignature_lines(cosigned("X1", "Y1"), None)
    assert [(c.key_name, c.timestamp, c.witness, c.key, c.verified) for c in lines] == [
        ("x1.example/witness", STAMP, None, None, False),
        ("y1.example/witness", STAMP + 1, None, None, False),
    ]


def test_the_cosignature_specs_worked_example() -> None:
    # tlog-cosignature.md: the example checkpoint with a cosignature, and the signed message.
    note = (
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
        "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN"
        "7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
        "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9"
        "dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
    )
    (line,) = cosignature_lines(note, None)  # the log's 64-byte line is no cosignature
    assert (line.key_name, line.key_id, line.timestamp) == (
        "witness.example.com/w1", "8d66cf3f", 1679315147)
    message = (
        "cosignature/v1\n"
        "time 1679315147\n"
        "example.com/behind-the-sofa\n"
        "20852163\n"
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )
    text = note.split("\n\n", maxsplit=1)[0] + "\n"
    assert cosigned_message(text, 1679315147) == message.encode()


def test_comments_blank_lines_tabs_urls_and_no_final_newline() -> None:
    text = (
        "# offices witnessing office A\n"
        f"\t log\t{LOG.verifier_key}  https://a.example/log \n"
        "   \n"
        f"witness X1 {vkey('X1')} https://x1.example/witness\n"
        "  # indented comment\n"
        f"witness Y1\t{vkey('Y1')}\n"
        "group both all X1 Y1\n"
        "quorum both"
    )
    policy = parse_policy(text)
    assert policy.groups[0].threshold == 2 and policy.quorum == "both"


def _policy(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


W1, W2, W3 = f"witness X1 {vkey('X1')}", f"witness X2 {vkey('X2')}", f"witness X3 {vkey('X3')}"


@pytest.mark.parametrize(
    ("text", "line", "why"),
    [
        (_policy(W1), None, "no quorum line"),
        (_policy(W1, "quorum X1", "quorum X1"), 3, "a second quorum line"),
        (_policy("quorum X1", W1), 1, "not none or a name defined above"),
        (_policy(W1, "group G any X1 X2", W2), 2, "'X2' is not a witness or group defined"),
        (_policy(W1, W2, "group G any X1 X1"), 3, "already a member"),
        (_policy(W1, W2, "group G any X1", "group H any X1 X2"), 4, "already a member"),
        (_policy(W1, "group G any none"), 2, "'none' is not a witness"),
        (_policy(W1, W2, "group G 3 X1 X2"), 3, "1 <= k <= 2"),
        (_policy(W1, W2, "group G 0 X1 X2"), 3, "threshold '0'"),
        (_policy(W1, W2, "group G 01 X1 X2"), 3, "threshold '01'"),
        (_policy(W1, W2, "group G most X1 X2"), 3, "threshold 'most'"),
        (_policy(W1, "group G any"), 2, "wrong number of items"),
        (_policy(W1, f"witness X1 {vkey('X2')}"), 2, "'X1' is already defined on policy line 1"),
        (_policy(W1, "group X1 any X1"), 2, "'X1' is already defined"),
        (_policy(f"witness none {vkey('X1')}"), 1, "'none' is already predefined"),
        (_policy(W1, f"witness X9 {vkey('X1')}"), 2, "already on policy line 1"),
        (_policy(f"log {LOG.verifier_key}", f"log {LOG.verifier_key}"), 2, "already on"),
        (_policy(f"witness X1 {LOG.verifier_key}"), 1, r"needs a cosigner key \(0x04\)"),
        (_policy(f"log {vkey('X1')}"), 1, r"needs a note key \(0x01\)"),
        (_policy(f"log {LOG.verifier_key[:-2]}"), 1, "base64"),
        (_policy(f"log {LOG.verifier_key} url extra"), 1, "log <vkey> \\[<url>\\]"),
        (_policy(f"witness X1 {vkey('X1')} url extra"), 1, "wrong number of items"),
        (_policy("quorum"), 1, "quorum <name>\\|none"),
        (_policy("cosigner X1 key"), 1, "unknown line 'cosigner'"),
        (_policy(W1 + "\r", "quorum X1"), 1, "0x0d.*LF"),
        (_policy(W1, "quorum X1\x0b"), 2, "byte 0x0b"),
        (_policy(W1, "quorum X1 # the quorum"), 2, "wrong number of items"),
    ],
)
def test_malformed_policies_name_their_line(text: str, line: int | None, why: str) -> None:
    with pytest.raises(InvalidPolicy, match=why) as caught:
        parse_policy(text)
    if line is not None:
        assert str(caught.value).startswith(f"policy line {line}: ")


def test_names_are_opaque_octets() -> None:
    # The draft: "K" and the Kelvin sign (U+212A) are different names; 0x80-0xFF are allowed.
    text = _policy(f"witness K {vkey('X1')}", f"witness \u212a {vkey('X2')}", "quorum \u212a")
    assert parse_policy(text).quorum == "\u212a"
    # Outside comments the file is UTF-8, so every name can be shown in a report.
    raw = _policy(f"witness \xff {vkey('X1')}").encode("latin-1") + b"quorum \xff\n"
    with pytest.raises(InvalidPolicy, match="policy line 1: the line is not UTF-8"):
        parse_policy(raw)
    with pytest.raises(InvalidPolicy, match="policy line 1: the line is not UTF-8"):
        parse_policy(f"witness \ud800 {vkey('X1')}\nquorum none\n")  # a lone surrogate
    latin1_comment = "# v\xe9rifi\xe9 par le greffe\n".encode("latin-1")
    assert parse_policy(latin1_comment + b"quorum none\n").quorum == NONE


def test_limits() -> None:
    with pytest.raises(InvalidPolicy, match="over 65536 bytes"):
        parse_policy("#" * 70_000 + "\nquorum none\n")
    many = "".join(
        f"witness W{i} {WitnessSigner(f'w{i}', i.to_bytes(32, 'big')).verifier_key}\n"
        for i in range(257)
    )
    with pytest.raises(InvalidPolicy, match="policy line 257: more than 256 witness lines"):
        parse_policy(many + "quorum none\n")


def test_a_deeply_nested_quorum() -> None:
    lines = [W1, "group G0 any X1"] + [f"group G{i} all G{i - 1}" for i in range(1, 200)]
    policy = parse_policy(_policy(*lines, "quorum G199"))
    assert policy.quorum_met({"X1"}) and not policy.quorum_met(set())


def test_a_malformed_cosignature_by_a_policy_witness_fails_but_a_strangers_is_skipped() -> None:
    policy = parse_policy(_policy(W1, "quorum none"))
    witness = WITNESSES["X1"]
    bare = LOG.sign_note(TEXT) + f"\u2014 {witness.name} " + "AAAA" * 3 + "\n"
    assert cosignature_lines(bare, None) == ()
    with pytest.raises(InvalidNote, match="expected 72"):
        cosignature_lines(bare.replace("AAAA" * 3, _b64(witness.key_id + bytes(8))), policy)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_policy_value_is_frozen() -> None:
    policy = parse_policy(SPEC_EXAMPLE)
    assert isinstance(policy, Policy)
    with pytest.raises(AttributeError):
        policy.quorum = "none"  # type: ignore[misc]


# Fuzzing: any bytes either parse or raise InvalidPolicy; quorums agree with a second reading.

_TOKENS = ["log", "witness", "group", "quorum", "none", "all", "any", "0", "1", "2", "3", "01",
           "X1", "X2", "X3", "G", "H", "#", vkey("X1"), vkey("X2"), LOG.verifier_key, "\t", " "]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_any_bytes_or_text_parse_or_raise_invalid_policy(data: bytes | str) -> None:
    with contextlib.suppress(InvalidPolicy):  # anything else (IndexError...) fails the test
        parse_policy(data)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_TOKENS), max_size=6), max_size=8))
def test_token_soup_parses_or_raises_invalid_policy(lines: list[list[str]]) -> None:
    with contextlib.suppress(InvalidPolicy):
        parse_policy("\n".join(" ".join(words) for words in lines))


def _second_reading(policy: Policy, name: str, cosigned: set[str]) -> bool:
    """The draft's rule read recursively: a group is witnessed when k of its members are."""
    if name == NONE:
        return True
    group = next((g for g in policy.groups if g.name == name), None)
    if group is None:
        return name in cosigned
    met = sum(_second_reading(policy, m, cosigned) for m in group.members)
    return met >= group.threshold


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_quorums_agree_with_a_recursive_reading(data: st.DataObject) -> None:
    names = list(WITNESSES)
    lines = [f"witness {n} {vkey(n)}" for n in names]
    free = list(names)  # each name is a group member at most once
    groups = 0
    while len(free) >= 1 and groups < 5 and data.draw(st.booleans()):
        members = data.draw(st.lists(st.sampled_from(free), min_size=1, max_size=len(free),
                                     unique=True))  # fmt: skip
        k = data.draw(st.integers(1, len(members)))
        word = data.draw(st.sampled_from([str(k), "any" if k == 1 else str(k),
                                          "all" if k == len(members) else str(k)]))  # fmt: skip
        lines.append(f"group G{groups} {word} {' '.join(members)}")
        free = [n for n in free if n not in members] + [f"G{groups}"]
        groups += 1
    quorum = data.draw(st.sampled_from([*free, NONE]))
    policy = parse_policy(_policy(*lines, f"quorum {quorum}"))
    cosigned = set(data.draw(st.lists(st.sampled_from(names), unique=True)))
    assert policy.quorum_met(set(cosigned)) == _second_reading(policy, quorum, cosigned)
