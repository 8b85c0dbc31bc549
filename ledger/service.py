"""The ledger of one deployment: its settings, log store and signing key, opened together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ipledger.ledger.config import Settings
from ipledger.ledger.errors import KeyFileError
from ipledger.ledger.keys import LogSigner
from ipledger.ledger.store import LogStore

VERIFIER_KEY_NAME = "log.pub"


@dataclass
class Ledger:
    """A deployment's log: the store, the key that signs its checkpoints, and its settings."""

    settings: Settings
    store: LogStore
    signer: LogSigner

    @classmethod
    def init(cls, settings: Settings) -> tuple[Ledger, bool]:
        """Create the data directory, the log key (unless present) and the database.

        Returns the opened ledger and whether a new key was generated. An existing key is
        never replaced: a log's key is its identity.
        """
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        key_file = settings.resolved_log_key_file
        created = not key_file.exists()
        if created:
            signer = LogSigner.generate(settings.origin)
            signer.save(key_file)
        else:
            signer = LogSigner.load(key_file)
        signer.write_verifier_key(verifier_key_file(settings))
        return cls(settings, LogStore.open(settings.resolved_database_url), signer), created

    @classmethod
    def open(cls, settings: Settings) -> Ledger:
        """Open an initialized ledger; a missing key means `ipledger init` was not run."""
        key_file = settings.resolved_log_key_file
        if not key_file.exists():
            raise KeyFileError(
                key_file, "no log key here: run `ipledger init` first (or set IPLEDGER_DATA_DIR)"
            )
        signer = LogSigner.load(key_file)
        return cls(settings, LogStore.open(settings.resolved_database_url), signer)

    @property
    def origin(self) -> str:
        """Return the log's origin, the first line of its checkpoints."""
        return self.signer.name

    def close(self) -> None:
        """Release the database connections."""
        self.store.close()


def verifier_key_file(settings: Settings) -> Path:
    """Return where the log's public verifier key is published in the data directory."""
    return settings.data_dir / VERIFIER_KEY_NAME
