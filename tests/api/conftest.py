"""An API app on a fresh migrated database (SQLite and PostgreSQL) with a real log key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from ipledger.api.main import create_app
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore
from ipledger.ledger.tenants import create_key
from tests.api.uvicorn_thread import uvicorn_thread

ORIGIN = "ipledger.test/log"


@dataclass
class Api:
    """A running app, its client, its log key and ready-made API keys."""

    client: TestClient
    deployment: Deployment
    signer: LogSigner
    settings: Settings

    @property
    def store(self) -> LogStore:
        return self.deployment.store

    def key(self, tenant: str = "office-a", scopes: tuple[str, ...] = ("submit", "read")) -> str:
        return create_key(self.store.engine, tenant, scopes)[1]

    def headers(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}


def make_api(url: str, **overrides: object) -> Iterator[Api]:
    values: dict[str, object] = {"origin": ORIGIN, "api_rate_per_second": 0, **overrides}
    settings = Settings(**values)  # type: ignore[arg-type]
    signer = LogSigner.generate(ORIGIN)
    deployment = Deployment(settings, LogStore.open(url), signer)
    app = create_app(deployment)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, deployment, signer, settings)
    deployment.close()


@pytest.fixture
def api(migrated_url: str) -> Iterator[Api]:
    yield from make_api(migrated_url)


@pytest.fixture
def served(api: Api) -> Iterator[int]:
    """The app of `api` behind uvicorn on a free port, configured as `ipledger serve` does."""
    with uvicorn_thread(api.client.app, api.settings) as port:
        yield port
