"""The anchoring account: its private key loaded from a hex file or an encrypted keystore."""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from eth_account import Account
from eth_account.datastructures import SignedTransaction
from eth_account.signers.local import LocalAccount
from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address

from ipledger.ledger.errors import SignerKeyError

log = logging.getLogger(__name__)

PASSWORD_ENV = "IPLEDGER_SIGNER_PASSWORD"
_HEX_KEY = re.compile(r"(?:0x)?([0-9a-fA-F]{64})")


class Signer:
    """Signs the anchoring transactions; exposes the address, never the key.

    The key lives only in a private attribute: `repr`, `str`, pickling and copying never
    reveal it, and no error message quotes it.
    """

    __slots__ = ("_account", "source")

    def __init__(self, account: LocalAccount, source: str) -> None:
        """Wrap an eth-account account; `source` says where the key came from (for messages)."""
        self._account = account
        self.source = source

    @property
    def address(self) -> ChecksumAddress:
        """Return the account's EIP-55 address."""
        return self._account.address

    def sign_transaction(self, tx: Mapping[str, Any]) -> SignedTransaction:
        """Sign a transaction dict (with `chainId`, `nonce`, gas and fee fields)."""
        return self._account.sign_transaction(dict(tx))

    def __repr__(self) -> str:
        """Show the address and key source only."""
        return f"Signer(address={self.address}, source={self.source!r})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        """Refuse pickling (and copying), which would write the key out."""
        raise TypeError("a Signer cannot be pickled or copied: it holds a private key")

    @classmethod
    def from_key_file(cls, path: Path) -> Signer:
        """Load a key file holding one hex private key (`0x` + 64 hex digits, newline allowed).

        Warns when the file is readable by group or others. Raises SignerKeyError, whose
        message never contains the file's contents.
        """
        path = Path(path)
        text = _read_secret(path, "key file")
        match = _HEX_KEY.fullmatch(text.strip())
        if match is None:
            raise SignerKeyError(
                f"key file {path} does not hold a private key: expected 0x followed by "
                "64 hex digits on one line"
            )
        return cls(_account_from_key(match.group(1), str(path)), f"key file {path}")

    @classmethod
    def from_keystore(
        cls,
        path: Path,
        password_file: Path | None = None,
        password_env: str = PASSWORD_ENV,
    ) -> Signer:
        """Decrypt an Ethereum JSON keystore (v3, scrypt or pbkdf2).

        The password comes from `password_file` (one trailing newline ignored) or else from
        the environment variable `password_env`. Raises SignerKeyError when the keystore is
        unreadable, the password missing or wrong, or the address in the keystore does not
        match the decrypted key.
        """
        path = Path(path)
        try:
            keystore = json.loads(_read_secret(path, "keystore"))
        except ValueError:
            raise SignerKeyError(f"keystore {path} is not JSON") from None
        if not isinstance(keystore, dict) or not ({"crypto", "Crypto"} & keystore.keys()):
            raise SignerKeyError(f"keystore {path} is not an Ethereum JSON keystore")
        if password_file is not None:
            password = _read_secret(Path(password_file), "password file")
            password = password.removesuffix("\n").removesuffix("\r")
        elif password_env in os.environ:
            password = os.environ[password_env]
        else:
            raise SignerKeyError(
                f"no password for keystore {path}: set IPLEDGER_SIGNER_PASSWORD_FILE "
                f"or the environment variable {password_env}"
            )
        try:
            key = Account.decrypt(keystore, password)
        except ValueError:
            raise SignerKeyError(
                f"cannot decrypt keystore {path}: wrong password or damaged file"
            ) from None
        except Exception:  # eth-keyfile raises assorted errors on malformed keystores
            raise SignerKeyError(f"keystore {path} is malformed") from None
        account = _account_from_key(bytes(key).hex(), str(path))
        recorded = keystore.get("address")
        if recorded and _checksum(recorded) != account.address:
            raise SignerKeyError(
                f"keystore {path} names address {recorded} but holds the key of {account.address}"
            )
        return cls(account, f"keystore {path}")


def _checksum(address: str) -> str:
    try:
        return to_checksum_address(address if address.startswith("0x") else "0x" + address)
    except ValueError:
        return address


def _account_from_key(hex_key: str, where: str) -> LocalAccount:
    try:
        account: LocalAccount = Account.from_key("0x" + hex_key)
    except Exception:  # eth-keys rejects 0 and values >= the curve order; never echo the key
        raise SignerKeyError(f"{where} holds an invalid secp256k1 private key") from None
    return account


def _read_secret(path: Path, what: str) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SignerKeyError(f"{what} {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SignerKeyError(f"cannot read {what} {path}: {exc.__class__.__name__}") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning(
            "%s %s is accessible by group or others (mode %o): run chmod 600 %s",
            what,
            path,
            stat.S_IMODE(mode),
            path,
        )
    return text


def generate_key_file(path: Path) -> Signer:
    """Write a fresh random private key to `path` (mode 0600) and return its Signer.

    Precondition: `path` does not exist (never overwrites a key); else SignerKeyError.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    account: LocalAccount = Account.create()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SignerKeyError(f"key file {path} already exists; refusing to overwrite it") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("0x" + bytes(account.key).hex() + "\n")
        out.flush()
        os.fsync(out.fileno())
    log.info("generated anchoring key %s for %s", path, account.address)
    return Signer(account, f"key file {path}")


def local_key_file(data_dir: Path) -> Path:
    """Return where the managed local chain's anchoring key lives: `<data_dir>/chain/signer.key`."""
    return Path(data_dir) / "chain" / "signer.key"


def load_or_create_local_signer(data_dir: Path) -> Signer:
    """Return the local chain's anchoring key, generating it on first use."""
    path = local_key_file(data_dir)
    if path.exists():
        return Signer.from_key_file(path)
    return generate_key_file(path)


def load_signer(
    key_file: Path | None = None,
    keystore_file: Path | None = None,
    password_file: Path | None = None,
    password_env: str = PASSWORD_ENV,
) -> Signer:
    """Load the signer from exactly one of `key_file` and `keystore_file` (Settings' fields)."""
    if key_file is not None and keystore_file is not None:
        raise SignerKeyError(
            "set IPLEDGER_SIGNER_KEY_FILE or IPLEDGER_SIGNER_KEYSTORE_FILE, not both"
        )
    if key_file is not None:
        return Signer.from_key_file(key_file)
    if keystore_file is not None:
        return Signer.from_keystore(keystore_file, password_file, password_env)
    raise SignerKeyError(
        "no anchoring key: set IPLEDGER_SIGNER_KEY_FILE (hex key) or "
        "IPLEDGER_SIGNER_KEYSTORE_FILE (encrypted keystore)"
    )
