"""Bundle v3 (design section 8, "Version 3"): v2 plus `timestamps`, RFC 3161 tokens in canonical
base64; parsed strictly, written back byte for byte, and refused in older versions."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

import pytest

from ipledger.verifier import EvidenceBundle, verify
from ipledger.verifier.core.bundle import MAX_TIMESTAMPS, VERSION
from ipledger.verifier.core.errors import InvalidBundle
from tests.verifier.golden import load

G = load("single", 2)
TOKEN = b"\x30\x03\x02\x01\x01"  # parsing checks the encoding only; step 9 checks tokens


def _v3(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(G.text)
    data.update({"version": 3, "timestamps": [base64.b64encode(TOKEN).decode()], **changes})
    return data


def _refused(data: object, message: str) -> None:
    with pytest.raises(InvalidBundle, match=message):
        EvidenceBundle.from_dict(data)


def test_the_producer_writes_version_3() -> None:
    assert VERSION == 3


def test_a_v3_bundle_round_trips_and_keeps_v2_proof_valid() -> None:
    bundle = EvidenceBundle.from_dict(_v3())
    assert bundle.version == 3 and bundle.timestamps == (TOKEN,)
    assert EvidenceBundle.from_json(bundle.to_json()) == bundle
    assert json.loads(bundle.to_json()) == _v3()
    empty = EvidenceBundle.from_dict(_v3(timestamps=[]))
    assert empty.timestamps == () and json.loads(empty.to_json())["timestamps"] == []
    verdict = verify(empty, document=G.document, log_key=G.log_key, trusted=G.trusted)
    assert verdict.bundle_version == 3



@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timestamps": "MAMCAQE="}, "timestamps must be a list"),
        ({"timestamps": ["MAMCAQE"]}, r"timestamps\[0\] must be base64"),
        ({"timestamps": ["MAMCAQF="]}, r"timestamps\[0\] is not in canonical base64"),
        ({"timestamps": [""]}, r"timestamps\[0\] must be base64"),
        ({"timestamps": ["MAMCAQE=", "MAMCAQE="]}, "the same token twice"),
        ({"timestamps": ["MAMCAQE="] * (MAX_TIMESTAMPS + 1)}, "at most"),
        ({"timestamps": [base64.b64encode(bytes(1 << 16 | 1)).decode()]}, "between 1 and"),
    ],
    ids=["not-a-list", "no-padding", "stray-bits", "empty", "twice", "too-many", "too-big"],
)
def test_bad_timestamps_are_refused_by_name(change: dict[str, Any], message: str) -> None:
    _refused(_v3(**change), message)


def test_older_versions_carry_no_timestamps_and_v3_must() -> None:
    _refused(_v3(version=2), "unknown key.*'timestamps'")
    data = _v3()
    del data["timestamps"]
    _refused(data, "lacks key.*'timestamps'")
    v2 = EvidenceBundle.from_json(G.text)
    with pytest.raises(InvalidBundle, match="only a version 3 bundle"):
        dataclasses.replace(v2, timestamps=(TOKEN,))
    _refused(_v3(version=4), "reads versions 1 to 3")
