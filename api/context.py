"""What a request handler reaches: the deployment, the sequencer, limits, key checks, the chain."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ipledger.api.auth import KeyAuthenticator
from ipledger.api.key_lookups import RECORDED_KEPT
from ipledger.api.limits import TokenBuckets
from ipledger.api.sequencer import Sequencer
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.idempotency import StoredResponse
from ipledger.ledger.lru import LruCache

if TYPE_CHECKING:
    from ipledger.api.chain_side import ChainSide


@dataclass
class ApiContext:
    """Everything a request handler may use; built once per process by `create_app`."""

    deployment: Deployment
    sequencer: Sequencer
    buckets: TokenBuckets
    keys: KeyAuthenticator
    chain: ChainSide | None = None
    # Idempotency keys being handled in this process: a concurrent retry waits for the first.
    in_flight: dict[tuple[int, str], asyncio.Event] = field(default_factory=dict)
    # The answers recorded for keys this process committed or read. A record never changes
    # once committed (keys are never removed), so a retry whose key is here is replayed
    # without the group commit its key would roll back (docs/benchmarks.md, "API").
    recorded: LruCache[tuple[int, str], StoredResponse] = field(
        default_factory=lambda: LruCache(RECORDED_KEPT)
    )

    @property
    def settings(self) -> Settings:
        """Return the deployment's settings."""
        return self.deployment.settings
