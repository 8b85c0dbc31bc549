"""C2SP tlog-policy (draft): the logs, witnesses and k-of-n quorum a checkpoint must satisfy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn

from ipledger.verifier.core.checkpoint import Checkpoint, parse_checkpoint, verify_checkpoint
from ipledger.verifier.core.cosignature import Cosignature, verify_cosignature
from ipledger.verifier.core.errors import (
    InvalidPolicy,
    InvalidVerifierKey,
    QuorumNotMet,
    UnknownKeyError,
)
from ipledger.verifier.core.note import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    VerifierKey,
    parse_note,
    parse_verifier_key,
)

NONE = "none"
MAX_POLICY_BYTES = 1 << 16
MAX_DEFINITIONS = 256  # logs, witnesses and groups each; the draft asks for at least 32
_FORBIDDEN = re.compile(rb"[^\t\n\x20-\x7e\x80-\xff]")
_SPACE = re.compile(r"[ \t]+")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape kept
_THRESHOLD = re.compile(r"[1-9][0-9]{0,8}")
_ITEMS = {  # kind: the fewest and most items after it, and how the line reads
    "log": (1, 2, "log <vkey> [<url>]"),
    "witness": (2, 3, "witness <name> <vkey> [<url>]"),
    "group": (3, MAX_POLICY_BYTES, "group <name> all|any|<k> <name>..."),
    "quorum": (1, 1, "quorum <name>|none"),
}


@dataclass(frozen=True)
class PolicyWitness:
    """A `witness <name> <vkey> [url]` line: the policy's name for a cosigner key (0x04)."""

    name: str
    key: VerifierKey


@dataclass(frozen=True)
class PolicyGroup:
    """A `group <name> all|any|<k> <members>` line: witnessed when k of its members are."""

    name: str
    threshold: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    """A parsed tlog-policy: log keys, witnesses, groups in file order, quorum (no URLs kept)."""

    logs: tuple[VerifierKey, ...]
    witnesses: tuple[PolicyWitness, ...]
    groups: tuple[PolicyGroup, ...]
    quorum: str

    def quorum_met(self, cosigned: set[str]) -> bool:
        """Return whether the witnesses named in `cosigned` (policy names) meet the quorum."""
        done = cosigned & {w.name for w in self.witnesses}
        for group in self.groups:  # a group's members are all defined before it
            if sum(member in done for member in group.members) >= group.threshold:
                done.add(group.name)
        return self.quorum == NONE or self.quorum in done

    def describe(self, name: str) -> str:
        """Say in words what `name` (a witness or group) needs, e.g. `G: 2 of (X1, X2, X3)`."""
        group = next((g for g in self.groups if g.name == name), None)
        if group is None:
            return name
        members = ", ".join(self.describe(m) for m in group.members)
        return f"{name}: {group.threshold} of ({members})"


@dataclass(frozen=True)
class CosignatureLine:
    """A cosignature/v1 line; `witness`, `key` and `verified` set when a policy witness's."""

    key_name: str
    key_id: str
    timestamp: int
    witness: str | None = None
    key: str | None = None
    verified: bool = False


def parse_policy(data: str | bytes) -> Policy:
    """Parse a tlog-policy file strictly; raise `InvalidPolicy` naming the line at fault."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_POLICY_BYTES:
        raise InvalidPolicy(f"the policy is over {MAX_POLICY_BYTES} bytes")
    logs: list[VerifierKey] = []
    witnesses: list[PolicyWitness] = []
    groups: list[PolicyGroup] = []
    quorum: str | None = None
    defined: dict[str, str] = {NONE: "predefined"}
    keys: dict[bytes, str] = {}
    members_at: dict[str, str] = {}
    lines = raw.split(b"\n")
    for number, line in enumerate(lines[:-1] if lines[-1] == b"" else lines, start=1):
        where = f"policy line {number}"
        if bad := _FORBIDDEN.search(line):
            crlf = "; save the file with LF (Unix) line ends" if bad.group() == b"\r" else ""
            _fail(where, f"byte 0x{bad.group()[0]:02x} is not allowed (only tab, newline, "
                  f"printable ASCII and bytes 0x80-0xFF){crlf}")
        words = _SPACE.split(line.decode("utf-8", "surrogateescape").strip(" \t"))
        kind, args = words[0], words[1:]
        if kind == "" or kind.startswith("#"):
            continue
        if _NOT_UTF8.search(" ".join(words)):  # names are opaque but must be printable
            _fail(where, "the line is not UTF-8 text; save the policy file as UTF-8")
        low, high, usage = _ITEMS.get(kind, (0, len(args), ""))
        if not low <= len(args) <= high:
            _fail(where, f"wrong number of items; the line reads {usage}")
        if kind == "log":
            logs.append(_key(args[0], ALG_ED25519, where, keys))
        elif kind == "witness":
            name = _new_name(args[0], where, defined)
            witnesses.append(PolicyWitness(name, _key(args[1], ALG_COSIGNATURE_V1, where, keys)))
        elif kind == "group":
            name, members = _new_name(args[0], where, defined), tuple(args[2:])
            for member in members:
                if member not in defined or member == NONE:
                    _fail(where, f"{member!r} is not a witness or group defined above this line")
                if member in members_at:
                    _fail(where, f"{member!r} is already a member on {members_at[member]}; "
                          "a name can be a group member only once")
                members_at[member] = where
            threshold = {"all": len(members), "any": 1}.get(args[1])
            if threshold is None and _THRESHOLD.fullmatch(args[1]):
                threshold = int(args[1])
            if threshold is None or threshold > len(members):
                _fail(where, f"the threshold {args[1]!r} must be all, any or k, 1 <= k <= "
                      f"{len(members)} (the number of members)")
            groups.append(PolicyGroup(name, threshold, members))
        elif kind == "quorum":
            if quorum is not None:
                _fail(where, "a second quorum line; a policy has exactly one")
            if args[0] not in defined:
                _fail(where, f"quorum {args[0]!r} is not none or a name defined above this line")
            quorum = args[0]
        else:
            _fail(where, f"unknown line {kind[:40]!r}; lines are log, witness, group, quorum, "
                  "# comments or blank")
        if max(len(logs), len(witnesses), len(groups)) > MAX_DEFINITIONS:
            _fail(where, f"more than {MAX_DEFINITIONS} {kind} lines")
    if quorum is None:
        raise InvalidPolicy("the policy has no quorum line: add `quorum <name>` (or `quorum none`)")
    return Policy(tuple(logs), tuple(witnesses), tuple(groups), quorum)


def _fail(where: str, why: str) -> NoReturn:
    raise InvalidPolicy(f"{where}: {why}")


def _new_name(name: str, where: str, defined: dict[str, str]) -> str:
    if name in defined:
        _fail(where, f"{name!r} is already {defined[name]}; witnesses and groups share names")
    defined[name] = f"defined on {where}"
    return name


def _key(text: str, algorithm: int, where: str, keys: dict[bytes, str]) -> VerifierKey:
    try:
        key = parse_verifier_key(text)
    except InvalidVerifierKey as exc:
        _fail(where, str(exc))
    if key.algorithm != algorithm:
        kind = "a note key (0x01)" if algorithm == ALG_ED25519 else "a cosigner key (0x04)"
        _fail(where, f"this line needs {kind}; {key.name}+{key.key_id.hex()} is not one")
    if key.public_key in keys:
        _fail(where, f"{key.name}'s public key is already on {keys[key.public_key]}; "
              "every log and witness holds its own key")
    keys[key.public_key] = where
    return key


def cosignature_lines(note: str, policy: Policy | None) -> tuple[CosignatureLine, ...]:
    """List the note's cosignature/v1 lines: a policy witness's must verify, others unchecked."""
    known = {} if policy is None else {(w.key.name, w.key.key_id): w for w in policy.witnesses}
    lines = []
    for signature in parse_note(note).signatures:
        witness = known.get((signature.name, signature.key_id))
        raw = signature.signature
        if witness is None and (len(raw) != 72 or not 0 < int.from_bytes(raw[:8]) < 2**63):
            continue  # the log's own signature, or a line that is no cosignature/v1
        line = Cosignature.from_note_signature(signature)
        if witness is not None:
            verify_cosignature(note, witness.key)
        name, key = (None, None) if witness is None else (witness.name, str(witness.key))
        cosigned = (line.name, line.key_id.hex(), line.timestamp, name, key, bool(key))
        lines.append(CosignatureLine(*cosigned))
    return tuple(lines)


def check_checkpoint(
    note: str, policy: Policy | None, log_key: str | None = None
) -> tuple[Checkpoint, VerifierKey | None, tuple[CosignatureLine, ...]]:
    """Step 4: the log's signature (`log_key`, else the policy's) and the policy's quorum."""
    checkpoint = parse_checkpoint(parse_note(note).text)
    keys = [parse_verifier_key(log_key)] if log_key is not None else []
    if log_key is None and policy is not None and policy.logs:
        keys = [key for key in policy.logs if key.name == checkpoint.origin]
        if not keys:
            names = ", ".join(sorted({key.name for key in policy.logs}))
            raise UnknownKeyError(f"the origin {checkpoint.origin} is not a policy log ({names})")
    used = None
    for key in keys:
        try:
            checkpoint, used = verify_checkpoint(note, key, origin=key.name), key
            break
        except UnknownKeyError:
            if key is keys[-1]:
                raise  # else another of the origin's keys (a rotated one) may have signed it
    lines = cosignature_lines(note, policy)
    if policy is not None and not policy.quorum_met({c.witness for c in lines if c.witness}):
        names = ", ".join(sorted({c.witness for c in lines if c.witness})) or "no policy witness"
        need = policy.describe(policy.quorum)
        raise QuorumNotMet(f"the checkpoint is cosigned by {names}; the quorum needs {need}")
    return checkpoint, used, lines
