"""web3.py connection to a node: connecting, error mapping, fees, one-off transactions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, cast
from urllib.parse import urlsplit

import requests
from eth_utils.address import to_checksum_address
from web3 import HTTPProvider, Web3
from web3.exceptions import (
    ContractLogicError,
    ProviderConnectionError,
    TimeExhausted,
    Web3RPCError,
)
from web3.middleware import ExtraDataToPOAMiddleware
from web3.types import RPCEndpoint, TxParams, TxReceipt

from ipledger.ledger.chain.presets import preset_for_chain_id
from ipledger.ledger.chain.signer import Signer
from ipledger.ledger.errors import ChainError, ChainIdMismatch, RpcUnavailable, TransactionFailed


def redact_url(url: str) -> str:
    """Return `url` without credentials, path or query (hosted RPC URLs embed API keys)."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    hidden = "/…" if parts.path.strip("/") or parts.query or parts.username else ""
    return f"{parts.scheme}://{host}{port}{hidden}"


@contextlib.contextmanager
def rpc_errors(url: str) -> Iterator[None]:
    """Turn transport failures into RpcUnavailable and node error answers into ChainError.

    Messages name the endpoint by `redact_url(url)` only, so an API key in the URL never
    reaches a log line.
    """
    where = redact_url(url)
    try:
        yield
    except requests.Timeout:
        raise RpcUnavailable(f"{where} did not answer in time") from None
    except (requests.RequestException, ProviderConnectionError, ConnectionError) as exc:
        raise RpcUnavailable(
            f"{where} is unreachable ({exc.__class__.__name__}): check IPLEDGER_RPC_URL, "
            "or start the local chain with `ipledger chain up`"
        ) from None
    except Web3RPCError as exc:
        raise ChainError(f"{where} refused the request: {exc.message}") from None


def connect(rpc_url: str, expected_chain_id: int | None = None, timeout: float = 10.0) -> Web3:
    """Return a Web3 bound to the HTTP JSON-RPC endpoint `rpc_url`.

    Each request times out after `timeout` seconds and is never retried behind the
    caller's back (the anchoring worker owns retries and backoff). Raises RpcUnavailable
    when the node does not answer and ChainIdMismatch when `eth_chainId` differs from
    `expected_chain_id`.
    """
    scheme = urlsplit(rpc_url).scheme
    if scheme not in ("http", "https"):
        raise ChainError(
            f"unsupported RPC URL scheme {scheme!r} in {redact_url(rpc_url)}: use http(s)://"
        )
    provider = HTTPProvider(
        rpc_url, request_kwargs={"timeout": timeout}, exception_retry_configuration=None
    )
    w3 = Web3(provider)
    with rpc_errors(rpc_url):
        chain_id = w3.eth.chain_id
    if expected_chain_id is not None and chain_id != expected_chain_id:
        raise ChainIdMismatch(expected_chain_id, chain_id, redact_url(rpc_url))
    preset = preset_for_chain_id(chain_id)
    if preset is not None and preset.long_extra_data:
        # web3 rejects blocks whose extraData exceeds 32 bytes unless this middleware moves
        # it to `proofOfAuthorityData`: a header rebuilt from such a block must read it there.
        w3.middleware_onion.inject(ExtraDataToPOAMiddleware, layer=0)
    return w3


def node_url(w3: Web3) -> str:
    """Return the endpoint URL of `w3`'s provider, for messages (pass it to `redact_url`)."""
    return str(getattr(w3.provider, "endpoint_uri", "the node"))


def fee_fields(w3: Web3) -> dict[str, int]:
    """Return EIP-1559 fee fields (max fee = 2 x base fee + tip), or `gasPrice` before London."""
    with rpc_errors(node_url(w3)):
        block = w3.eth.get_block("latest")
        base = block.get("baseFeePerGas")
        if base is None:
            return {"gasPrice": int(w3.eth.gas_price)}
        tip = int(w3.eth.max_priority_fee)
    return {"maxFeePerGas": 2 * int(base) + tip, "maxPriorityFeePerGas": tip}


def send_transaction(
    w3: Web3, signer: Signer, tx: Mapping[str, Any], timeout: float = 120.0
) -> TxReceipt:
    """Fill nonce, gas and fees, sign, broadcast and wait for the receipt of `tx`.

    For one-off transactions (deployment, tests); the anchoring worker persists its signed
    transactions before broadcast instead. Raises TransactionFailed when the transaction
    reverts or is not mined within `timeout` seconds.
    """
    url = node_url(w3)
    with rpc_errors(url):
        full: dict[str, Any] = {
            "from": signer.address,
            "chainId": w3.eth.chain_id,
            "nonce": w3.eth.get_transaction_count(signer.address, "pending"),
            **fee_fields(w3),
            **tx,
        }
        if "gas" not in full:
            try:
                full["gas"] = w3.eth.estimate_gas(cast(TxParams, full)) * 6 // 5
            except ContractLogicError as exc:
                raise TransactionFailed(f"the transaction would revert: {exc.message}") from None
        signed = signer.sign_transaction(full)
        tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
        try:
            receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=timeout)
        except TimeExhausted:
            raise TransactionFailed(
                f"transaction {tx_hash.to_0x_hex()} was not mined within {timeout:.0f} s"
            ) from None
    if receipt["status"] != 1:
        raise TransactionFailed(
            f"transaction {tx_hash.to_0x_hex()} reverted in block {receipt['blockNumber']}"
        )
    return receipt


def fund_local_account(w3: Web3, address: str, minimum: int = 10**20, amount: int = 10**21) -> int:
    """Top up `address` to `amount` wei when it holds less than `minimum`; return the balance.

    Only for development nodes: uses `anvil_setBalance` (or `hardhat_setBalance`); a node
    without either raises ChainError telling the user to fund the account themselves.
    """
    url = node_url(w3)
    account = to_checksum_address(address)
    with rpc_errors(url):
        balance = int(w3.eth.get_balance(account))
    if balance >= minimum:
        return balance
    with rpc_errors(url):
        for method in ("anvil_setBalance", "hardhat_setBalance"):
            try:
                w3.manager.request_blocking(RPCEndpoint(method), [account, hex(amount)])
                break
            except Web3RPCError:
                continue
        else:
            raise ChainError(
                f"{redact_url(url)} cannot set balances (not a development node): "
                f"send ether to {account} yourself"
            )
        return int(w3.eth.get_balance(account))


__all__ = [
    "connect",
    "fee_fields",
    "fund_local_account",
    "node_url",
    "redact_url",
    "rpc_errors",
    "send_transaction",
]
