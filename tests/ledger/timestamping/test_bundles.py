"""Bundles carry the TSAs' tokens of their checkpoint; the self-check refuses a foreign one."""

from __future__ import annotations

from pathlib import Path

import pytest
from web3 import Web3

from ipledger.ledger.checkpoints import checkpoint_at
from ipledger.ledger.errors import BundleSelfCheckFailed
from ipledger.ledger.evidence.bundle import assemble_bundle
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.timestamping.authorities import parse_tsa_urls
from ipledger.ledger.timestamping.client import checkpoint_message, collect_timestamps
from ipledger.verifier.core.bundle import EvidenceBundle
from tests.ledger.evidence.test_bundle import anchored  # noqa: F401 (the fixture)
from tests.ledger.timestamping.test_client import openssl_accepts
from tests.openssl_tsa import OpenSslTsa

Anchored = tuple[LogStore, LogSigner, str, list[bytes], str]


def test_bundles_carry_every_stored_token_of_their_checkpoint(
    w3: Web3, anchored: Anchored, tmp_path: Path  # noqa: F811
) -> None:
    store, log_signer, contract, _docs, tx_hash = anchored
    bare = assemble_bundle(store, w3, 0, tree_size=7, tx_hash=tx_hash, contract=contract).bundle
    assert bare.version == 3 and bare.timestamps == ()
    one, two = OpenSslTsa(tmp_path, "ec", "TSA One"), OpenSslTsa(tmp_path, "rsa", "TSA Two")
    with one.serve() as url_one, two.serve() as url_two:
        outcomes = collect_timestamps(store, parse_tsa_urls(f"{url_one},{url_two}"), timeout=20)
    assert [o.status for o in outcomes] == ["stamped", "stamped"]
    cp = checkpoint_at(store, 7)
    assert cp is not None
    message = checkpoint_message(cp)
    for index in (0, 6):
        bundle, text = assemble_bundle(store, w3, index, tree_size=7, tx_hash=tx_hash,
                                       contract=contract, verifier_key=log_signer.verifier_key)
        assert len(bundle.timestamps) == 2
        parsed = EvidenceBundle.from_json(text)
        assert parsed == bundle
        for token in parsed.timestamps:  # the independent oracle: openssl ts -verify -digest
            assert openssl_accepts(one, token, message) or openssl_accepts(two, token, message)


def test_the_self_check_refuses_a_token_of_another_checkpoint(
    w3: Web3, anchored: Anchored, tmp_path: Path  # noqa: F811
) -> None:
    store, _signer, contract, _docs, tx_hash = anchored
    tsa = OpenSslTsa(tmp_path, "ec")
    other = tsa.stamp(b"test.ipledger.local/log\n6\nAAAA\n")
    with pytest.raises(BundleSelfCheckFailed):
        assemble_bundle(store, w3, 0, tree_size=7, tx_hash=tx_hash, contract=contract,
                        timestamps=[other])
