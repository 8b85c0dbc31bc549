"""Mutation helpers shared by the tamper tests and the materialized corpus (corpus.py)."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

from ipledger.verifier import EvidenceBundle
from tests.verifier.golden import Golden

Data = dict[str, Any]


def flip(hex_text: str, index: int, bit: int = 0) -> str:
    """Flip one bit of byte `index` of plain or 0x-prefixed hex."""
    prefix = "0x" if hex_text.startswith("0x") else ""
    raw = bytearray.fromhex(hex_text.removeprefix("0x"))
    raw[index] ^= 1 << bit
    return prefix + raw.hex()


def flip_bytes(raw: bytes, index: int, bit: int = 0) -> bytes:
    out = bytearray(raw)
    out[index] ^= 1 << bit
    return bytes(out)


def put(g: Golden, where: str, value: object) -> Data:
    """Return the bundle's JSON with the field at `where` ("anchor.log", "checkpoint") set."""
    data = g.data()
    *path, key = where.split(".")
    target = data
    for name in path:
        target = target[name]
    target[key] = value
    return data


def drop(g: Golden, where: str) -> Data:
    """Return the bundle's JSON without the field at `where`."""
    data = g.data()
    *path, key = where.split(".")
    target = data
    for name in path:
        target = target[name]
    del target[key]
    return data


def with_anchor(g: Golden, **fields: Any) -> EvidenceBundle:
    bundle = EvidenceBundle.from_json(g.text)
    return dataclasses.replace(bundle, anchor=dataclasses.replace(bundle.anchor, **fields))


def checkpoint_parts(g: Golden) -> tuple[str, str, bytes, str, bytes]:
    """Split the checkpoint into origin, size line, root, signer name and signature bytes."""
    note = g.data()["checkpoint"]
    body, _, line = note.partition("\n\n")
    origin, size, root = body.split("\n")[:3]
    name, encoded = line.split("\n")[0].removeprefix("\u2014 ").split(" ")
    return origin, size, base64.b64decode(root), name, base64.b64decode(encoded)


def make_note(origin: str, size: str, root: bytes, name: str, sig: bytes, extra: str = "") -> str:
    """Write a checkpoint note with one signature line (and `extra` body lines)."""
    body = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n{extra}"
    return f"{body}\n\u2014 {name} {base64.b64encode(sig).decode()}\n"
