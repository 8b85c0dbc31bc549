"""Helpers for tests and benchmarks on development chains: dev keys, crowded blocks, processes."""

from __future__ import annotations

import functools
import random
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import eth_account.typed_transactions.base as _typed_base
from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.types import RPCEndpoint

from ipledger.ledger.chain.anvil import AnvilNode
from ipledger.verifier.core import rlp
from ipledger.verifier.core.keccak import keccak256

# Importing this module changes eth_account for the whole process (HD wallet derivation on,
# the KZG trusted setup cached): import it from tests and benchmarks only, never from ipledger.
# anvil's default dev mnemonic: public test keys that hold ETH only on local nodes.
MNEMONIC = "test test test test test test test test test test test junk"
Account.enable_unaudited_hdwallet_features()
ACCOUNTS: list[LocalAccount] = [
    Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}") for i in range(10)
]
# eth_account reloads the KZG trusted setup (seconds) three times per blob; the settings
# object is immutable, so loading it once gives the same signatures in a fraction of the time.
setattr(  # noqa: B010
    _typed_base,
    "load_trusted_setup",
    functools.cache(getattr(_typed_base, "load_trusted_setup")),  # noqa: B009
)
EMITTED = keccak256(b"Emitted(address,bytes)")
SECOND = keccak256(b"Second()")


def _push32(word: bytes) -> bytes:
    return b"\x7f" + word


def emitter_runtime() -> bytes:
    """Runtime: revert on empty calldata, else LOG2(EMITTED, caller; calldata) and LOG1(SECOND)."""
    head = bytes.fromhex("3680600957600080fd5b")  # size; jumpi ok; revert
    assert head[9] == 0x5B  # the jump target
    body = (
        bytes.fromhex("806000600037")  # calldatacopy(0, 0, size)
        + bytes.fromhex("33")  # caller
        + _push32(EMITTED)
        + bytes.fromhex("826000a2")  # log2(0, size, EMITTED, caller)
        + _push32(SECOND)
        + bytes.fromhex("60006000a100")  # log1(0, 0, SECOND); stop
    )
    return head + body


def emitter_init_code() -> bytes:
    """Init code that emits LOG0 from the new contract, then returns the runtime."""
    runtime = emitter_runtime()
    prologue_len = 16
    init = bytes.fromhex("60006000a0")  # log0(0, 0)
    init += bytes([0x60, len(runtime), 0x80, 0x60, prologue_len, 0x60, 0x00, 0x39])
    init += bytes.fromhex("6000f3")  # return(0, size)
    assert len(init) == prologue_len
    return init + runtime


class ForkNode(AnvilNode):
    """The managed anvil node, mining only on evm_mine, on a chosen hardfork (None: default)."""

    def __init__(self, data_dir: Path, hardfork: str | None) -> None:
        """Describe the node; `start()` launches it."""
        super().__init__(data_dir, no_mining=True)
        self.hardfork = hardfork

    def argv(self, binary: Path, port: int) -> list[str]:
        """Add --hardfork to the managed node's command line."""
        args = super().argv(binary, port)
        return args if self.hardfork is None else [*args, "--hardfork", self.hardfork]


class FifoNode(ForkNode):
    """The test anvil (--no-mining), ordering each block's transactions as they arrived."""

    def argv(self, binary: Path, port: int) -> list[str]:
        """Add `--order fifo`, so the anchor's index in a crowded block is chosen here."""
        return [*super().argv(binary, port), "--order", "fifo"]


@contextmanager
def running_anvil(hardfork: str | None, workdir: Path) -> Iterator[Web3]:
    """Run anvil (--no-mining, a hardfork or anvil's default) in `workdir`; stop it on exit."""
    with ForkNode(workdir, hardfork) as node:
        yield Web3(Web3.HTTPProvider(node.rpc_url, request_kwargs={"timeout": 30}))


def rpc(w3: Web3, method: str, params: list[Any]) -> Any:
    """Send one JSON-RPC request through `w3`; return its result (assert it is no error)."""
    response = w3.provider.make_request(RPCEndpoint(method), params)
    assert "error" not in response, response
    return response["result"]


def send_raw(w3: Web3, signed: Any) -> str:
    """Send a signed transaction; return its hash (0x hex).

    The provider retries a request that timed out, and on a loaded machine the node may
    have imported the first copy: "already imported" then means sent (it failed a
    clean-clone run once).
    """
    raw = bytes(signed.raw_transaction)
    response = w3.provider.make_request(RPCEndpoint("eth_sendRawTransaction"), ["0x" + raw.hex()])
    error = response.get("error")
    if error is None:
        tx_hash: str = response["result"]
        return tx_hash
    assert "already imported" in str(error.get("message")), response
    if raw[0] == 3:  # EIP-4844 network form: the hash covers the payload, not the blobs
        wrapper = rlp.decode(raw[1:])
        assert isinstance(wrapper, list), response
        raw = b"\x03" + rlp.encode(wrapper[0])
    return "0x" + keccak256(raw).hex()


def mine(w3: Web3) -> dict[str, Any]:
    """Mine one block (`evm_mine`, a development node only); return it, hashes only."""
    rpc(w3, "evm_mine", [])
    block: dict[str, Any] = rpc(w3, "eth_getBlockByNumber", ["latest", False])
    return block


@dataclass
class BlockFiller:
    """Signs transactions of the requested kinds from several dev accounts, tracking nonces."""

    w3: Web3
    seed: int = 0
    nonces: dict[str, int] = field(default_factory=dict)
    sent: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.chain_id = self.w3.eth.chain_id
        latest = rpc(self.w3, "eth_getBlockByNumber", ["latest", False])
        base_fee = int(latest.get("baseFeePerGas") or "0x0", 16)
        self.max_fee = 4 * base_fee + 10**9
        self.london = "baseFeePerGas" in latest

    def _nonce(self, account: LocalAccount) -> int:
        if account.address not in self.nonces:
            self.nonces[account.address] = self.w3.eth.get_transaction_count(
                account.address, "pending"
            )
        nonce = self.nonces[account.address]
        self.nonces[account.address] = nonce + 1
        return nonce

    def send(
        self,
        tx_type: int,
        sender: LocalAccount,
        to: str | None,
        data: bytes = b"",
        *,
        value: int = 0,
        gas: int = 150_000,
        access_list: list[dict[str, Any]] | None = None,
        **extra: Any,
    ) -> str:
        """Sign and send one transaction of `tx_type` (0 to 4) from `sender`; return its hash.

        `to=None` creates a contract from `data`; `extra` adds fields (e.g. an
        authorization list). The nonce is `sender`'s next one as this filler counts.
        """
        tx: dict[str, Any] = {
            "chainId": self.chain_id,
            "nonce": self._nonce(sender),
            "gas": gas,
            "value": value,
            "data": data,
        }
        if to is not None:
            tx["to"] = to
        if tx_type in (0, 1):
            tx["gasPrice"] = self.max_fee + self.rng.randrange(10**6)
        else:
            tx["maxFeePerGas"] = self.max_fee + self.rng.randrange(10**6)
            tx["maxPriorityFeePerGas"] = self.rng.randrange(10**9)
        if tx_type != 0:
            tx["type"] = tx_type
            tx["accessList"] = access_list or []
        tx.update(extra)
        tx_hash = send_raw(self.w3, sender.sign_transaction(tx))
        self.sent.append(tx_hash)
        return tx_hash

    def deploy_emitter(self, tx_type: int = 0, sender: LocalAccount | None = None) -> str:
        """Queue the creation of an emitter contract (see `emitter_runtime`); return its hash."""
        return self.send(tx_type, sender or ACCOUNTS[0], None, emitter_init_code(), gas=200_000)

    def delegate(self, emitter: str) -> str:
        """Queue an EIP-7702 (type 4) call: ACCOUNTS[9] delegates to the emitter and is called."""
        authority = ACCOUNTS[9]
        nonce = self.w3.eth.get_transaction_count(authority.address, "pending")
        auth = authority.sign_authorization(
            {"chainId": self.chain_id, "address": emitter, "nonce": nonce}
        )
        return self.send(4, ACCOUNTS[6], authority.address, b"\x07", authorizationList=[auth])

    def blob(self, emitter: str) -> str:
        """Queue an EIP-4844 (type 3) call carrying one blob."""
        sender = ACCOUNTS[7]
        tx: dict[str, Any] = {
            "type": 3,
            "chainId": self.chain_id,
            "nonce": self._nonce(sender),
            "gas": 150_000,
            "to": emitter,
            "value": 0,
            "data": b"\x03",
            "maxFeePerGas": self.max_fee,
            "maxPriorityFeePerGas": 1,
            "maxFeePerBlobGas": 10**10,
            "accessList": [],
        }
        blob = self.rng.randbytes(32 * 4096)
        blob = b"".join(b"\x00" + blob[i + 1 : i + 32] for i in range(0, len(blob), 32))
        tx_hash = send_raw(self.w3, sender.sign_transaction(tx, blobs=[blob]))
        self.sent.append(tx_hash)
        return tx_hash

    def mixed(self, count: int, emitter: str, types: tuple[int, ...]) -> None:
        """Queue `count` random transactions: transfers, logging calls, reverts, creations."""
        senders = ACCOUNTS[:5]
        for _ in range(count):
            tx_type = self.rng.choice(types)
            sender = self.rng.choice(senders)
            kind = self.rng.random()
            access: list[dict[str, Any]] = []
            if tx_type and self.rng.random() < 0.5:
                access = [{"address": emitter, "storageKeys": ["0x" + "00" * 31 + "01"]}]
            if kind < 0.3:
                to = Web3.to_checksum_address("0x" + self.rng.randbytes(20).hex())
                value = self.rng.randrange(1, 10**15)
                self.send(tx_type, sender, to, value=value, access_list=access)
            elif kind < 0.8:
                data = self.rng.randbytes(self.rng.randrange(1, 300))
                self.send(tx_type, sender, emitter, data, access_list=access)
            elif kind < 0.95:
                self.send(tx_type, sender, emitter, b"", access_list=access)  # reverts: status 0
            else:
                self.deploy_emitter(tx_type, sender)


def stop_process(process: subprocess.Popen[Any], timeout: float = 30.0) -> int:
    """Stop a server process as Ctrl-C would; return its exit code.

    Sends SIGINT when it still runs, waits `timeout` seconds for it to exit, then kills
    it (SIGKILL) and waits for that. A process that already exited is left as it is.
    """
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
