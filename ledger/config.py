"""The one `Settings` object: every knob of ipledger, read from IPLEDGER_* variables."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ipledger.ledger.cosigning.witnesses import WitnessEndpoint, parse_witnesses
from ipledger.ledger.der import der_oid
from ipledger.ledger.timestamping.authorities import TsaEndpoint, parse_tsa_urls, read_ca_file


class Settings(BaseSettings):
    """Settings of a deployment; each field is also the variable IPLEDGER_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="IPLEDGER_", frozen=True, extra="ignore")

    data_dir: Path = Field(default=Path(".ipledger"), description="Where the log lives.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default SQLite file in data_dir."
    )
    origin: str | None = Field(
        default=None,
        description="The log's name, first line of its checkpoints: chosen at init "
        "(default ipledger.local/log), recorded in the database; when set later it must agree.",
    )
    log_key_file: Path | None = Field(
        default=None, description="Ed25519 log signing key; default data_dir/log.key."
    )
    rpc_url: str | None = Field(
        default=None, description="JSON-RPC URL; default the managed local anvil node."
    )
    chain: str = Field(default="local", description="Chain preset name.")
    beacon_api: str | None = Field(
        default=None,
        description="Beacon API URL of a mainnet consensus client: anchors on Ethereum "
        "mainnet get canonicality proofs (evidence that needs no node); unset: none.",
    )
    witness_key_file: Path | None = Field(
        default=None,
        description="Ed25519 cosigner key (type 0x04) of this office as a witness of other "
        "logs; default data_dir/witness.key.",
    )
    witness_name: str | None = Field(
        default=None,
        description="Name of this office's witness key when it is created; default "
        "<origin>/witness.",
    )
    signer_key_file: Path | None = Field(default=None, description="Hex private key file.")
    signer_keystore_file: Path | None = Field(default=None, description="Encrypted keystore.")
    signer_password_file: Path | None = Field(default=None, description="Keystore password.")
    confirmations: int | None = Field(default=None, ge=0, description="Override of the preset.")
    batch_interval: float = Field(default=30.0, gt=0, description="Seconds between checkpoints.")
    batch_max: int = Field(default=100_000, gt=0, description="Pending entries forcing one.")
    anchor_lease_ttl: float = Field(
        default=30.0,
        gt=0,
        description="Seconds an anchoring worker's lease lasts unrenewed: how long a crashed "
        "worker blocks its successor.",
    )
    witnesses: str | None = Field(
        default=None,
        description="The witnesses this log asks to cosign its checkpoints: entries separated "
        "by commas or newlines, each `<submission prefix URL> <cosigner vkey>` (type 0x04), "
        "e.g. `http://127.0.0.1:8082/witness office-b.example/witness+1a2b3c4d+BK...`.",
    )
    witness_timeout: float = Field(
        default=5.0,
        gt=0,
        description="Seconds one request to a witness may take (the log never waits for it).",
    )
    tsa_urls: str | None = Field(
        default=None,
        description="RFC 3161 time-stamp authorities asked for a token of every checkpoint: "
        "http(s) URLs separated by commas or newlines (one token per checkpoint and TSA).",
    )
    tsa_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Seconds one request to a TSA may take (the log never waits for it).",
    )
    tsa_ca_file: Path | None = Field(
        default=None,
        description="PEM root certificate(s) the collected tokens must chain to; unset: "
        "tokens are checked for imprint and signature only.",
    )
    api_body_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a request body may take to arrive in full (408 after).",
    )
    log_format: str = Field(
        default="json",
        pattern="^(json|text)$",
        description="Service logs on stderr: json (one object per line) or text.",
    )
    log_level: str = Field(
        default="INFO",
        pattern="^(?i:debug|info|warning|error)$",
        description="Lowest level of service log lines.",
    )
    api_host: str = Field(default="127.0.0.1", description="Address `ipledger serve` binds.")
    api_port: int = Field(default=8080, ge=0, le=65535, description="Port `ipledger serve` binds.")
    api_max_body_bytes: int = Field(
        default=8 << 20, gt=0, description="Largest request body of a batch submission (413)."
    )
    api_max_small_body_bytes: int = Field(
        default=64 << 10, gt=0, description="Largest request body of every other route (413)."
    )
    api_rate_per_second: float = Field(
        default=50.0, ge=0, description="Requests per second per API key, per process; 0: off."
    )
    api_rate_burst: int = Field(default=100, gt=0, description="Token bucket size per API key.")
    api_key_cache_seconds: float = Field(
        default=5.0, ge=0, description="Seconds a process trusts a checked key (revocation lag)."
    )
    anchor_poll_interval: float = Field(
        default=2.0, gt=0, description="Seconds between the anchoring worker's passes."
    )
    api_writer_process: bool = Field(
        default=False,
        description="Commit submissions in a writer process of its own, so that "
        "commits and request handling stop sharing one GIL: lower latency with a core to "
        "spare, higher on a machine whose cores are busy (docs/benchmarks.md).",
    )
    api_evidence_cache: int = Field(
        default=1024, ge=0, description="Evidence bundles of final anchors kept in memory."
    )
    tile_cache: int = Field(
        default=1024,
        ge=1,
        description="Hash tiles each process keeps in memory for proofs (16 KiB a full tile); "
        "every tile of the log avoids a tile read per proof: about 4,000 at 1M entries.",
    )
    tsa_dir: Path | None = Field(
        default=None,
        description="This log's RFC 3161 time-stamp authority: key, chain, ca.pem and policy "
        "made by `ipledger tsa init`; default data_dir/tsa.",
    )
    tsa_policy: str | None = Field(
        default=None,
        description="Policy OID of the tokens this TSA issues; default the one `tsa init` "
        "stored (a 2.25 UUID OID).",
    )
    tsa_accuracy: float = Field(
        default=1.0, ge=0, le=3600, description="Seconds of accuracy each token promises."
    )
    api_evidence_retry_after: int = Field(
        default=30, gt=0, description="Retry-After seconds while an entry's evidence is pending."
    )
    # Issue 15 (tiles): entry bundles publish digests and nonces, so they are opt-in.
    publish_entries: bool = Field(
        default=False,
        description="Serve C2SP entry bundles (/tile/entries/...: each entry's digest, nonce, "
        "metadata hash and time) beside the hash tiles; off: only the checkpoint and hash "
        "tiles are public.",
    )

    @field_validator("api_writer_process")
    @classmethod
    def _check_api_writer_process(cls, value: bool, info: ValidationInfo) -> bool:
        url = info.data.get("database_url") or ""
        if value and url.startswith("sqlite") and (
            url.rstrip("/") in ("sqlite:", "sqlite+pysqlite:")
            or ":memory:" in url or "mode=memory" in url
        ):
            raise ValueError(
                f"the writer process needs a database another process can open, not one in "
                f"memory ({url}): use a SQLite file or PostgreSQL"
            )
        return value

    @field_validator("rpc_url")
    @classmethod
    def _check_rpc_url(cls, value: str | None) -> str | None:
        return _node_url(
            value, ("http", "https", "ws", "wss"), "http(s):// or ws(s):// URL of a JSON-RPC node"
        )

    @field_validator("beacon_api")
    @classmethod
    def _check_beacon_api(cls, value: str | None) -> str | None:
        return _node_url(
            value, ("http", "https"), "http(s):// URL of a consensus client's Beacon API"
        )

    @field_validator("tsa_policy")
    @classmethod
    def _check_tsa_policy(cls, value: str | None) -> str | None:
        if value is not None:
            der_oid(value)  # ValueError: not a dotted object identifier
        return value

    @field_validator("witnesses")
    @classmethod
    def _check_witnesses(cls, value: str | None) -> str | None:
        parse_witnesses(value)  # ValueError naming every mistake
        return value

    @field_validator("tsa_urls")
    @classmethod
    def _check_tsa_urls(cls, value: str | None) -> str | None:
        parse_tsa_urls(value)  # ValueError naming every bad URL
        return value

    @field_validator("tsa_ca_file")
    @classmethod
    def _check_tsa_ca_file(cls, value: Path | None) -> Path | None:
        if value is not None:
            read_ca_file(value)  # ValueError: unreadable, no certificate, a bad one
        return value

    @property
    def tsa_endpoints(self) -> tuple[TsaEndpoint, ...]:
        """Return the TSAs of IPLEDGER_TSA_URLS, parsed (checked at startup)."""
        return parse_tsa_urls(self.tsa_urls)

    @property
    def tsa_roots(self) -> tuple[bytes, ...] | None:
        """Return the DER roots of IPLEDGER_TSA_CA_FILE, or None when it is unset."""
        return None if self.tsa_ca_file is None else read_ca_file(self.tsa_ca_file)

    @property
    def witness_endpoints(self) -> tuple[WitnessEndpoint, ...]:
        """Return the witnesses of IPLEDGER_WITNESSES, parsed (checked at startup)."""
        return parse_witnesses(self.witnesses)

    @property
    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to SQLite inside the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ledger.db').resolve()}"

    @property
    def resolved_log_key_file(self) -> Path:
        """Return the log key path, defaulting to data_dir/log.key."""
        return self.log_key_file or self.data_dir / "log.key"

    @property
    def resolved_tsa_dir(self) -> Path:
        """Return the TSA's folder, defaulting to data_dir/tsa."""
        return self.tsa_dir or self.data_dir / "tsa"

    @property
    def resolved_witness_key_file(self) -> Path:
        """Return the witness (cosigner) key path, defaulting to data_dir/witness.key."""
        return self.witness_key_file or self.data_dir / "witness.key"


def _node_url(value: str | None, schemes: tuple[str, ...], what: str) -> str | None:
    """Check a node's URL: one of `schemes`, a host, a port in range."""
    if value is None:
        return value
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError as exc:
        raise ValueError(f"is not a usable URL ({exc})") from None
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError(f"must be an {what}")
    return value
