"""The connection to a node against a real anvil: chain id checks, errors, funding, transactions."""

from __future__ import annotations

import json
import socket
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path

import pytest
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import ExtraDataLengthError

from ipledger.ledger.chain.anvil import AnvilNode, free_port
from ipledger.ledger.chain.connection import (
    connect,
    fee_fields,
    fund_local_account,
    redact_url,
    send_transaction,
)
from ipledger.ledger.chain.presets import get_preset
from ipledger.ledger.chain.signer import Signer
from ipledger.ledger.errors import ChainError, ChainIdMismatch, RpcUnavailable, TransactionFailed

pytestmark = pytest.mark.chain

RECIPIENT = Web3.to_checksum_address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
# Creation code PUSH1 0 PUSH1 0 REVERT: every deployment of it reverts.
REVERTING_INITCODE = "0x60006000fd"


def test_connect_checks_the_chain_id(anvil: AnvilNode) -> None:
    w3 = connect(anvil.rpc_url, expected_chain_id=get_preset("local").chain_id)
    assert w3.eth.chain_id == 31337
    assert connect(anvil.rpc_url).is_connected()


def test_chain_id_mismatch_is_a_clear_error(anvil: AnvilNode) -> None:
    with pytest.raises(ChainIdMismatch) as err:
        connect(anvil.rpc_url, expected_chain_id=get_preset("sepolia").chain_id)
    assert (err.value.expected, err.value.actual) == (11155111, 31337)
    assert "chain id 31337, expected 11155111" in str(err.value)
    assert "IPLEDGER_CHAIN" in str(err.value)


def test_unreachable_node(caplog: pytest.LogCaptureFixture) -> None:
    url = f"http://127.0.0.1:{free_port()}/v2/SECRETKEY"
    with pytest.raises(RpcUnavailable, match="unreachable") as err:
        connect(url)
    assert "SECRETKEY" not in str(err.value) and "SECRETKEY" not in caplog.text
    assert "127.0.0.1" in str(err.value)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        server.close()


def test_node_that_never_answers_times_out(silent_server: str) -> None:
    with pytest.raises(RpcUnavailable, match="did not answer in time"):
        connect(silent_server, timeout=0.3)


def _serving(httpd: HTTPServer) -> Iterator[str]:
    """Serve `httpd` in a thread and yield its URL; shut it down afterwards."""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def not_json_rpc() -> Iterator[str]:
    """An HTTP server answering every POST with an HTML error page."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>bad gateway</html>")

        def log_message(self, *args: object) -> None:
            pass

    yield from _serving(HTTPServer(("127.0.0.1", 0), Handler))


def test_http_error_is_unavailable(not_json_rpc: str) -> None:
    with pytest.raises(RpcUnavailable, match="HTTPError"):
        connect(not_json_rpc)


# A Polygon PoS block's extraData: 32 bytes vanity + 65 bytes validator seal.
BOR_EXTRA_DATA = "0x" + "d8" * 32 + "5e" * 65


@pytest.fixture
def polygon_like(anvil: AnvilNode) -> Iterator[str]:
    """Forward JSON-RPC to the real anvil, posing as chain 137 with Bor-sized extraData."""

    class Proxy(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            request = json.loads(body)
            forwarded = urllib.request.Request(
                anvil.rpc_url, data=body, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(forwarded, timeout=5) as response:
                answer = json.loads(response.read())
            if request["method"] == "eth_chainId":
                answer["result"] = hex(137)
            if request["method"].startswith("eth_getBlockBy") and answer.get("result"):
                answer["result"]["extraData"] = BOR_EXTRA_DATA
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    yield from _serving(ThreadingHTTPServer(("127.0.0.1", 0), Proxy))


def test_polygon_blocks_with_long_extra_data_are_readable(polygon_like: str) -> None:
    with pytest.raises(ExtraDataLengthError):  # what plain web3 does with a Bor block
        Web3(Web3.HTTPProvider(polygon_like)).eth.get_block("latest")
    w3 = connect(polygon_like, expected_chain_id=get_preset("polygon").chain_id)
    block = w3.eth.get_block("latest")
    assert block["proofOfAuthorityData"] == HexBytes(BOR_EXTRA_DATA)
    assert "extraData" not in block


@pytest.mark.parametrize("url", ["ws://127.0.0.1:8545", "/tmp/geth.ipc", "ftp://x"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(ChainError, match="use http"):
        connect(url)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:8545", "http://127.0.0.1:8545"),
        ("https://eth-mainnet.g.alchemy.com/v2/abcdef", "https://eth-mainnet.g.alchemy.com/…"),
        ("https://user:pw@rpc.example.org", "https://rpc.example.org/…"),
        ("https://rpc.example.org/?apikey=1", "https://rpc.example.org/…"),
        ("https://rpc.example.org/", "https://rpc.example.org"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_fund_local_account_tops_up_once(w3: Web3) -> None:
    address = Web3.to_checksum_address("0x" + "42" * 20)
    assert w3.eth.get_balance(address) == 0
    assert fund_local_account(w3, address) == 10**21
    assert w3.eth.get_balance(address) == 10**21
    # Above the minimum: left alone.
    w3.provider.make_request("anvil_setBalance", [address, hex(2 * 10**20)])  # type: ignore[arg-type]
    assert fund_local_account(w3, address) == 2 * 10**20


def test_fees_follow_the_base_fee(w3: Web3) -> None:
    fees = fee_fields(w3)
    base = w3.eth.get_block("latest")["baseFeePerGas"]
    assert fees["maxFeePerGas"] == 2 * base + fees["maxPriorityFeePerGas"]


def test_send_transaction(w3: Web3, funded_signer: Signer) -> None:
    before = w3.eth.get_balance(RECIPIENT)
    receipt = send_transaction(w3, funded_signer, {"to": RECIPIENT, "value": 10**9})
    assert receipt["status"] == 1
    assert w3.eth.get_balance(RECIPIENT) == before + 10**9
    tx = w3.eth.get_transaction(receipt["transactionHash"])
    assert tx["type"] == 2 and tx["chainId"] == 31337 and tx["nonce"] == 0


def test_reverting_transaction(w3: Web3, funded_signer: Signer) -> None:
    with pytest.raises(TransactionFailed, match="would revert"):
        send_transaction(w3, funded_signer, {"data": REVERTING_INITCODE})
    # With gas given, it is mined and the revert shows in the receipt.
    with pytest.raises(TransactionFailed, match="reverted in block"):
        send_transaction(w3, funded_signer, {"data": REVERTING_INITCODE, "gas": 100_000})


def test_node_error_answer_is_a_chain_error(w3: Web3, tmp_path: Path) -> None:
    from ipledger.ledger.chain.signer import generate_key_file

    broke = generate_key_file(tmp_path / "broke.key")  # no ether
    with pytest.raises(ChainError) as err:
        send_transaction(w3, broke, {"to": RECIPIENT, "value": 1, "gas": 21000})
    assert not isinstance(err.value, RpcUnavailable)
    assert "refused the request" in str(err.value)
