import pytest

from ipledger.api.bodies import is_json_media_type, parse_json_body
from ipledger.api.problems import ApiProblem


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON",
     "application/merge-patch+json", "application/json;charset=UTF-8"],
)
def test_json_media_types(content_type: str) -> None:
    assert is_json_media_type(content_type)


@pytest.mark.parametrize(
    "content_type",
    [None, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
     "text/json", "application/json; charset=latin-1", "application/jsonx"],
)
def test_other_media_types(content_type: str | None) -> None:
    assert not is_json_media_type(content_type)


def test_parses_json() -> None:
    assert parse_json_body(b'{"a": [1, 2.5, "\xc3\xa9"]}') == {"a": [1, 2.5, "é"]}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"a": "\xff"}', "not valid UTF-8 (byte 7)"),
        (b'{"a": 1,}', "not valid JSON"),
        (b"", "not valid JSON"),
        (b'{"a": 1, "a": 2}', "repeats the key 'a'"),
        (b'{"m": {"k": 1, "k": 1}}', "repeats the key 'k'"),
        (b'{"a": NaN}', "NaN"),
        (b'{"a": -Infinity}', "-Infinity"),
        (b"[" * 100_000, "nests too deeply"),
        (b'{"n": 1' + b"0" * 5000 + b"}", "number too long"),  # past CPython's 4300 digits
    ],
)
def test_rejects_bad_json_with_a_reason(body: bytes, reason: str) -> None:
    with pytest.raises(ApiProblem) as caught:
        parse_json_body(body)
    assert caught.value.status == 400
    assert caught.value.slug == "invalid-json"
    assert reason in caught.value.detail
