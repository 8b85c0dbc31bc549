"""How a v2 verdict is told: the transaction proven, and a block proven on mainnet by its proof.

The golden v2 bundles are anvil's (chain 31337), so a verdict proven by a block proof cannot
come from verify() on them; it is composed here from a golden v2 verdict and the ProvenBlock
that the real mainnet block's proof gives (tests/verifier/core/test_anchoring.py checks that
proof end to end), to test the words only.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from ipledger.verifier import EvidenceBundle, verify
from ipledger.verifier.core.anchoring import verify_anchor_block
from ipledger.verifier.report import render_html
from ipledger.verifier.statement import NOT_MADE, PASSED, PROVEN, ReaderInputs, statement_of
from ipledger.verifier.trust import shipped_trust_root
from tests.verifier.golden import load
from tests.verifier.mainnet import anchor_of, mainnet_block

G = load("thousand-second-anchor", 2)


def _given(**changes: object) -> ReaderInputs:
    given = ReaderInputs(
        document_name="claims.pdf",
        bundle_name="claims.pdf.evidence.json",
        log_key_given=True,
        log_address=None,
        rpc_url=None,
        trusted_chain_id=None,
        facts=(),
        pending=None,
        verified_at=datetime(2026, 12, 3, 12, 0, tzinfo=UTC),
        report_id="IPV-TEST",
    )
    return dataclasses.replace(given, **changes)  # type: ignore[arg-type]


def test_a_v2_bundle_offline_tells_the_transaction_as_proven() -> None:
    bundle = EvidenceBundle.from_json(G.text)
    verdict = verify(bundle, document=G.document, log_key=G.log_key)
    s = statement_of(verdict, bundle, _given())
    rows = {(c.title, c.outcome) for c in s.checks}
    assert ("Transaction hash", PASSED) in rows and ("Chain id", NOT_MADE) in rows
    assert not any("anchoring transaction's hash is" in r for r in s.remaining)
    record = dict(s.record)
    assert f"signed by {verdict.sender}" in record["Transaction"]


def test_a_block_proven_by_its_proof_is_proven_on_ethereum_mainnet() -> None:
    bundle = EvidenceBundle.from_json(G.text)
    real = verify(bundle, document=G.document, log_key=G.log_key, trusted=G.trusted)
    proven = verify_anchor_block(anchor_of(mainnet_block(), 128), shipped_trust_root())
    assert proven.canonical is not None
    verdict = dataclasses.replace(
        real,
        chain_id=1,
        proven_block=proven.canonical,
        canonical_by="Ethereum mainnet's beacon chain (historical_summaries at slot 11476992)",
    )
    s = statement_of(verdict, bundle, _given())
    assert s.status == PROVEN and "on Ethereum mainnet" in s.sentence
    assert s.nothing_remains, s.remaining
    record = dict(s.record)
    assert "historical_summaries at slot 11476992" in record["Canonical by"]
    assert proven.canonical.trust_root in record["Canonical by"]
    assert ("Chain id", PASSED) in {(c.title, c.outcome) for c in s.checks}
    page = render_html(s)
    assert "Canonical by" in page and "Nothing remains to be trusted" in page
