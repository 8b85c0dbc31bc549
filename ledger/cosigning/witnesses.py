"""IPLEDGER_WITNESSES: the witnesses this log asks for cosignatures, each a URL and a 0x04 key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ipledger.verifier.core.errors import InvalidVerifierKey
from ipledger.verifier.core.note import ALG_COSIGNATURE_V1, VerifierKey, parse_verifier_key

_SEPARATORS = re.compile(r"[,\n]")
_USERINFO = re.compile(r"//[^/@]*@")


@dataclass(frozen=True)
class WitnessEndpoint:
    """One configured witness: its submission prefix URL and its cosigner key (type 0x04)."""

    url: str
    key: VerifierKey

    @property
    def name(self) -> str:
        """The witness's key name, the name on its cosignature lines."""
        return self.key.name

    @property
    def vkey(self) -> str:
        """The witness's verifier key string `<name>+<hex id>+<base64(0x04||key)>`."""
        return str(self.key)

    @property
    def add_checkpoint_url(self) -> str:
        """The tlog-witness submission URL: `<submission prefix>/add-checkpoint`."""
        return self.url.rstrip("/") + "/add-checkpoint"

    @property
    def shown_url(self) -> str:
        """The URL without a user part or query, for logs and health (they may hold secrets)."""
        parts = urlsplit(self.url)
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"


def parse_witnesses(text: str | None) -> tuple[WitnessEndpoint, ...]:
    """Read IPLEDGER_WITNESSES: entries split by commas or newlines, `<URL> <cosigner vkey>`.

    Raises ValueError saying every mistake, one sentence each: a malformed entry, a URL that
    is not http(s), a key that is not a cosigner key (a log's 0x01 key), a duplicate.
    """
    if text is None:
        return ()
    found: list[WitnessEndpoint] = []
    mistakes: list[str] = []
    for number, raw in enumerate(_SEPARATORS.split(text), start=1):
        entry = raw.strip()
        if not entry:
            continue
        words = entry.split()
        if len(words) != 2:
            mistakes.append(
                f"witness {number} ({_USERINFO.sub('//', entry)[:60]!r}) is not "
                "`<submission URL> <cosigner key>`"
            )
            continue
        url, key_text = words
        problem = _url_problem(url)
        if problem is not None:
            mistakes.append(f"witness {number}: {problem}")
        try:
            key = parse_verifier_key(key_text)
        except InvalidVerifierKey as exc:
            mistakes.append(f"witness {number}: the key is not a verifier key ({exc})")
            continue
        if key.algorithm != ALG_COSIGNATURE_V1:
            mistakes.append(
                f"witness {number}: {key.name}+{key.key_id.hex()} is a log's note key (type "
                "0x01), not a witness's cosigner key (0x04): ask the witness's operator for "
                "the key `ipledger witness key` prints"
            )
            continue
        if problem is None:
            found.append(WitnessEndpoint(url.rstrip("/"), key))
    seen_keys: set[tuple[str, bytes]] = set()
    seen_urls: set[str] = set()
    for witness in found:
        ident = (witness.key.name, witness.key.key_id)
        if ident in seen_keys:
            mistakes.append(f"witness {witness.vkey} is listed twice")
        if witness.url in seen_urls:
            mistakes.append(f"the URL {witness.shown_url} is listed twice")
        seen_keys.add(ident)
        seen_urls.add(witness.url)
    if mistakes:
        raise ValueError("; ".join(mistakes))
    return tuple(found)


def _url_problem(url: str) -> str | None:
    shown = _USERINFO.sub("//", url)[:60]  # a password in the URL is never repeated
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError as exc:
        return f"{shown!r} is not a usable URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return (
            f"{shown!r} is not an http(s):// submission prefix URL (e.g. "
            "https://office-b.example/witness)"
        )
    if parts.query or parts.fragment:
        return f"{shown!r} has a query or fragment; give the submission prefix only"
    return None
