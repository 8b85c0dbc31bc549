"""The OpenAPI document lists the API-key schemes on exactly the operations that need a key."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api

SCHEMES: list[dict[str, list[str]]] = [{"HTTPBearer": []}, {"APIKeyHeader": []}]


def _operations(api: Api) -> dict[tuple[str, str], dict[str, Any]]:
    paths = api.client.get("/openapi.json").json()["paths"]
    return {(m.upper(), p): op for p, item in paths.items() for m, op in item.items()}


def test_keyed_operations_declare_both_schemes(api: Api) -> None:
    operations = _operations(api)
    for keyed in [
        ("POST", "/v1/entries"),
        ("POST", "/v1/entries/batch"),
        ("GET", "/v1/entries"),
        ("GET", "/v1/entries/{index}"),
        ("GET", "/v1/entries/{index}/evidence"),
        ("POST", "/v1/digests/earliest"),
        ("POST", "/v1/timestamp"),
    ]:
        assert operations[keyed].get("security") == SCHEMES, keyed
    components = api.client.get("/openapi.json").json()["components"]["securitySchemes"]
    assert set(components) == {"HTTPBearer", "APIKeyHeader"}


def test_security_exactly_where_401_is_documented(api: Api) -> None:
    # A public operation (checkpoints, proofs, log info) has no key and documents no 401.
    operations = _operations(api)
    keyed = {k for k, op in operations.items() if "security" in op}
    answers_401 = {k for k, op in operations.items() if "401" in op.get("responses", {})}
    assert keyed == answers_401
    assert ("GET", "/v1/log") in operations and ("GET", "/v1/log") not in keyed
