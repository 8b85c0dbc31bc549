"""Schemathesis: generated requests on every route; no 5xx, every answer as the OpenAPI says."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ipledger.api.main import create_app
from ipledger.api.routes import (
    anchors,
    checkpoints,
    cosereceipts,
    digests,
    entries,
    evidence,
    log,
    mirrors,
    proofs,
    tiles,
    timestamp,
    tlogproofs,
    witness,
)
from ipledger.ledger.checkpoints import cut_checkpoint
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.der import der_integer, der_octet_string, der_oid, der_sequence
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import create_key
from ipledger.ledger.tsa.identity import create_tsa

ORIGIN = "ipledger.test/log"
Case = schemathesis.Case[Any]


def _has_inputs(route: APIRoute) -> bool:
    d = route.dependant
    return bool(d.path_params or d.query_params or d.header_params or route.body_field)


# Per route and generation mode (valid data; invalid data where a route takes any): several
# hundred generated requests in all. A deeper hunt: IPLEDGER_FUZZ_EXAMPLES=400, and
# IPLEDGER_FUZZ_RANDOM=1 for fresh random seeds instead of the fixed derandomized run.
EXAMPLES = int(os.environ.get("IPLEDGER_FUZZ_EXAMPLES", "30"))
# POST /v1/timestamp's body: DER TimeStampReqs (SHA-256, any imprint and nonce) or any bytes.
schemathesis.openapi.media_type(
    "application/timestamp-query",
    st.one_of(
        st.builds(
            lambda imprint, nonce: der_sequence(
                der_integer(1),
                der_sequence(der_sequence(der_oid("2.16.840.1.101.3.4.2.1")),
                             der_octet_string(imprint)),
                der_integer(nonce),
            ),
            st.binary(min_size=32, max_size=32),
            st.integers(min_value=0, max_value=1 << 64),
        ),
        st.binary(max_size=300),
    ),
)
_API_ROUTES = [
    route
    for router in (
        *(m.router for m in (
            entries, evidence, tlogproofs, cosereceipts, digests, checkpoints, proofs, anchors,
            log, witness, timestamp, tiles,
        )),
        anchors.pages,
        mirrors.router,
        mirrors.proofs,
    )
    for route in router.routes
    if isinstance(route, APIRoute)
]
ROUTES = sorted(
    (method, route.path_format) for route in _API_ROUTES for method in route.methods or ()
)
# Every string is a valid /tile/ path parameter (a path the spec forbids is a 404 problem, as
# on a static copy of the log), so it has no invalid data to generate.
ANY_STRING = {"/tile/{path}"}
# Invalid data needs something to make invalid: a path, query, header or body parameter.
CASES = [
    pytest.param(method, route.path_format, mode, id=f"{method} {route.path_format} {mode}")
    for route in _API_ROUTES
    for method in sorted(route.methods or ())
    for mode in schemathesis.GenerationMode
    if mode.is_positive or (_has_inputs(route) and route.path_format not in ANY_STRING)
]


# Rules an OpenAPI schema cannot state, each documented in the field's description: a
# schema-valid request breaking one gets a 422 naming the field and the rule. Any other
# rejection of schema-valid data fails the test.
CROSS_FIELD_RULES = {
    "index": re.compile(r"must be below size \(\d+\)"),
    "first": re.compile(r"must not exceed second \(\d+\)"),
    "metadata": re.compile(
        r"cannot be canonicalized per RFC 8785 \(.*exceeds safe integer domain.*\)"
        r"|number .* is an integer beyond ±\(2\^53-1\); send it as a string"
        r"|is \d+ bytes in canonical form, the limit is 4096"
        r"|nests deeper than \d+ levels",
        re.DOTALL,
    ),
    # A cursor is opaque (its description says so): only a `next_cursor` given out works.
    "cursor": re.compile(r"is not a cursor of /v\d/[a-z]+: give the `next_cursor` .*"),
}
# The WIPO fields of the metadata (EntryCreate.metadata's description lists them): a
# schema-valid object may hold a malformed one, named under `metadata.`.
WIPO_FIELD = re.compile(
    r"metadata\.(office|application_number|kind|filing_date|priority|document_role)\b.*"
)


def accepted_unless_a_stated_rule_is_broken(case: Case, response: Any) -> None:
    """Schemathesis's positive-data check, less the rules listed in CROSS_FIELD_RULES.

    401 and 403 fail too: the valid key with both scopes went with every valid request, so
    the authenticated routes are really exercised.
    """
    if response.status_code < 400 or response.status_code in (404, 409):
        return
    if case.path == "/witness/add-checkpoint":
        # The tlog-witness body grammar and its log signature are beyond a schema: a
        # generated string is refused with one of the spec's statuses (and a problem).
        assert response.status_code in (400, 403, 422), response.text
        return
    if case.path == "/v1/timestamp":
        # Generated bytes are rarely a DER TimeStampReq: refused as undecodable (a problem).
        assert response.status_code == 400, response.text
        return
    assert response.status_code == 422, f"{case.method} {case.formatted_path}: {response.text}"
    problems = response.json()["errors"]
    assert problems, response.text
    for problem in problems:
        field = re.sub(r"^entries\[\d+\]\.", "", problem["field"])
        if WIPO_FIELD.fullmatch(field):
            continue
        rule = CROSS_FIELD_RULES.get(field)
        assert rule is not None and rule.fullmatch(problem["reason"]), response.text


@dataclass
class Fuzzed:
    """The app under test, its OpenAPI schema for Schemathesis and a key with both scopes."""

    app: FastAPI
    schema: Any
    key: str


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    """An app on SQLite holding a few entries of the key's tenant and three checkpoints."""
    path: Path = tmp_path_factory.mktemp("schema") / "ledger.db"
    store = LogStore.open(f"sqlite:///{path}")
    signer = LogSigner.generate(ORIGIN)
    tsa_dir = path.parent / "tsa"
    create_tsa(tsa_dir, name=ORIGIN)
    settings = Settings(origin=ORIGIN, api_rate_per_second=0, tsa_dir=tsa_dir)
    app = create_app(Deployment(settings, store, signer))
    key = create_key(store.engine, "office-a", ("submit", "read"))[1]
    with TestClient(app) as client:
        auth = {"Authorization": f"Bearer {key}"}
        for n in range(3):
            digest = "sha256:" + hashlib.sha256(bytes([n])).hexdigest()
            body = {"digest": digest, "metadata": {"n": n}}
            r = client.post("/v1/entries", json=body, headers=auth)
            assert r.status_code == 201, r.text
            cut_checkpoint(store, signer)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)

        @schema.auth()
        class BearerKey:
            """Sends the tenant's key in place of generated credentials (unless negated)."""

            def get(self, case: Case, context: schemathesis.AuthContext) -> str:
                return key

            def set(
                self, case: Case, data: str, context: schemathesis.AuthContext
            ) -> None:
                case.headers["Authorization"] = f"Bearer {data}"

        yield Fuzzed(app, schema, key)
    store.close()


def test_the_fuzzed_routes_are_all_the_schema_has(fuzzed: Fuzzed) -> None:
    documented = sorted(
        (operation.method.upper(), operation.path)
        for operation in (result.ok() for result in fuzzed.schema.get_all_operations())
    )
    assert documented == ROUTES


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_route_conforms_to_its_schema(
    fuzzed: Fuzzed, method: str, path: str, mode: schemathesis.GenerationMode
) -> None:
    operation = fuzzed.schema[path][method]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=os.environ.get("IPLEDGER_FUZZ_RANDOM") is None,
        database=None,
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(
            operation.as_strategy(generation_mode=mode, auth_storage=fuzzed.schema.auth)
        )
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        if mode.is_positive:
            accepted_unless_a_stated_rule_is_broken(case, response)

    check()
