"""IPLEDGER_TSA_URLS and IPLEDGER_TSA_CA_FILE: the TSAs asked for tokens, their roots."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SEPARATORS = re.compile(r"[,\n]")
_USERINFO = re.compile(r"//[^/@]*@")
_PEM = re.compile(
    r"-----BEGIN CERTIFICATE-----\s*(.*?)\s*-----END CERTIFICATE-----", re.DOTALL
)


@dataclass(frozen=True)
class TsaEndpoint:
    """One configured time-stamp authority: the URL RFC 3161 requests are POSTed to."""

    url: str

    @property
    def shown_url(self) -> str:
        """The URL without a user part or query: its name in the database, logs and health."""
        parts = urlsplit(self.url)
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"

    @property
    def authorization(self) -> str | None:
        """The HTTP Basic credentials of a `https://user:password@host/...` URL, else None."""
        parts = urlsplit(self.url)
        if parts.username is None:
            return None
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        return "Basic " + base64.b64encode(pair.encode()).decode()


def parse_tsa_urls(text: str | None) -> tuple[TsaEndpoint, ...]:
    """Read IPLEDGER_TSA_URLS: http(s) URLs split by commas or newlines, each listed once.

    Raises ValueError naming every bad entry, one sentence each (a password in a URL is
    never repeated).
    """
    if text is None:
        return ()
    found: list[TsaEndpoint] = []
    mistakes: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(_SEPARATORS.split(text), start=1):
        url = raw.strip()
        if not url:
            continue
        shown = _USERINFO.sub("//", url)[:80]
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 (raises ValueError for a port out of range)
        except ValueError as exc:
            mistakes.append(f"TSA {number} ({shown!r}) is not a usable URL ({exc})")
            continue
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
            mistakes.append(
                f"TSA {number} ({shown!r}) is not an http(s):// URL of an RFC 3161 "
                "time-stamp service (e.g. https://tsa.example/tsr)"
            )
            continue
        if parts.fragment:
            mistakes.append(f"TSA {number} ({shown!r}) has a #fragment; give the service URL")
            continue
        endpoint = TsaEndpoint(url)
        if endpoint.shown_url in seen:
            mistakes.append(f"the TSA {endpoint.shown_url} is listed twice")
            continue
        seen.add(endpoint.shown_url)
        found.append(endpoint)
    if mistakes:
        raise ValueError("; ".join(mistakes))
    return tuple(found)


def read_ca_file(path: Path) -> tuple[bytes, ...]:
    """Return the DER of every certificate in the PEM file `path` (at least one).

    Raises ValueError saying what is wrong: unreadable, no certificate, one that does
    not parse as X.509.
    """
    from ipledger.verifier.core.errors import VerifierError
    from ipledger.verifier.core.x509 import parse_certificate

    try:
        text = path.read_text("ascii", errors="replace")
    except OSError as exc:
        raise ValueError(f"cannot read {path} ({exc.strerror or exc})") from None
    blocks = _PEM.findall(text)
    if not blocks:
        raise ValueError(
            f"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the TSA's "
            "root CA certificate(s) in PEM"
        )
    roots: list[bytes] = []
    for number, block in enumerate(blocks, start=1):
        try:
            der = base64.b64decode("".join(block.split()), validate=True)
            parse_certificate(der)
        except (binascii.Error, ValueError, VerifierError) as exc:
            raise ValueError(
                f"certificate {number} in {path} is not a valid X.509 certificate ({exc})"
            ) from None
        roots.append(der)
    return tuple(roots)
