"""The API client sends a safe request again after a 503, a few times, then says why."""

from __future__ import annotations

import threading
import time

import pytest

from ipledger.api.cli import client as client_module
from ipledger.api.cli.client import ApiClient
from ipledger.api.cli.errors import ServerError
from ipledger.api.key_lookups import KEY_LOOKUPS
from tests.api.conftest import Api
from tests.silent_server import SilentServer, hang, until

DIGEST = "sha256:" + "5e" * 32


@pytest.fixture
def quick(migrated_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not migrated_url.startswith("sqlite"):
        pytest.skip("the client's side only; one database is enough")
    monkeypatch.setattr(KEY_LOOKUPS, "wait_s", 0.5)  # a keyed batch gets its 503 in 0.5 s
    monkeypatch.setattr(client_module, "UNAVAILABLE_WAIT_MAX_S", 1)  # not Retry-After's 5 s


def test_a_keyed_batch_answered_503_is_sent_again_and_lands_once(
    api: Api, served: int, quick: None
) -> None:
    client = ApiClient(f"http://127.0.0.1:{served}", api.key())
    silent = SilentServer()
    hang(KEY_LOOKUPS, silent)

    def answer_again_after_the_first_503() -> None:
        until(lambda: KEY_LOOKUPS.queued == 2)  # the batch's lookup waits behind the hung one
        until(lambda: KEY_LOOKUPS.queued == 1)  # it gave up: the 503 is on its way
        silent.close()

    threading.Thread(target=answer_again_after_the_first_503, daemon=True).start()
    started = time.monotonic()
    try:
        receipt = client.submit_batch([{"digest": DIGEST}])
    finally:
        silent.close()
        client.close()
    assert time.monotonic() - started >= 1.4  # the 503's wait, then the wait before again
    assert receipt["count"] == 1 and receipt["entries"][0]["digest"] == DIGEST
    assert api.store.size() == 1


def test_a_503_that_lasts_is_reported_with_the_servers_reason(
    api: Api, served: int, quick: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "UNAVAILABLE_RETRIES", 1)
    client = ApiClient(f"http://127.0.0.1:{served}", api.key())
    with SilentServer() as silent:
        hang(KEY_LOOKUPS, silent)
        with pytest.raises(ServerError, match="503") as caught:
            client.submit_batch([{"digest": DIGEST}])
        client.close()
    assert "nothing was stored, retry later" in str(caught.value)
    assert KEY_LOOKUPS.queued <= 1 and api.store.size() == 0
    until(lambda: KEY_LOOKUPS.queued == 0)
