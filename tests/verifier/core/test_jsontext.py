import sys

import pytest

from ipledger.verifier.core.bundle import EvidenceBundle
from ipledger.verifier.core.errors import EntryError, InvalidBundle
from ipledger.verifier.core.jsontext import exceeds_depth
from ipledger.verifier.core.leaf import parse_metadata_json


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("{}", 1, False),
        ('{"a": [1, {"b": 2}]}', 3, False),
        ('{"a": [1, {"b": 2}]}', 2, True),
        ('{"a": "[[[[[[[["}', 1, False),
        ('{"a": "\\"[[[["}', 1, False),
        ("[" * 10 + "]" * 10, 9, True),
    ],
)
def test_exceeds_depth(text: str, limit: int, expected: bool) -> None:
    assert exceeds_depth(text, limit) is expected


def test_deep_json_raises_even_with_a_huge_recursion_limit() -> None:
    # web3's py_ecc dependency sets this at import; json.loads would then crash the process.
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 100_000))
    try:
        deep = "[" * 200_000 + "]" * 200_000
        with pytest.raises(EntryError, match="nests deeper"):
            parse_metadata_json('{"a": ' + deep + "}")
        with pytest.raises(InvalidBundle, match="too deeply"):
            EvidenceBundle.from_json(deep)
    finally:
        sys.setrecursionlimit(old)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text",
    [
        '"' + '\\"' * 400_000,  # an unterminated string of escaped quotes
        '["' + "\\\\" * 400_000,
        '"' * 800_001,
        "\\" * 800_000,
    ],
)
def test_depth_scan_is_linear_on_hostile_strings(text: str) -> None:
    # The first scanner re-scanned an unterminated string from each of its quotes:
    # hours for a 1 MiB bundle. The timeout turns a regression into a failure, not a hang.
    assert exceeds_depth(text, 1) is False
    with pytest.raises(InvalidBundle):
        EvidenceBundle.from_json(text)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ('["\\\\", [[]]]', 2, True),  # an escaped backslash ends the string before `"`
        ('["\\\\"]', 1, False),
        ('["\\"]", [[]]]', 2, True),
        ('"unterminated [[[', 0, False),
    ],
)
def test_exceeds_depth_escapes(text: str, limit: int, expected: bool) -> None:
    assert exceeds_depth(text, limit) is expected
