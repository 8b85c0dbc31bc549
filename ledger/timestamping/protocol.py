"""RFC 3161 over HTTP, the client side: the TimeStampReq sent and the TimeStampResp read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ipledger.ledger.der import (
    der_boolean,
    der_integer,
    der_null,
    der_octet_string,
    der_oid,
    der_sequence,
)
from ipledger.ledger.errors import TsaAnswerInvalid, TsaRefused, TsaUnreachable
from ipledger.verifier.core import der
from ipledger.verifier.core.errors import VerifierError

SHA256_OID = "2.16.840.1.101.3.4.2.1"
QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
MAX_REPLY_BYTES = 256 << 10  # a token with its certificate chain is a few KiB

GRANTED, GRANTED_WITH_MODS, REJECTION, WAITING = 0, 1, 2, 3
_STATUS = {
    REJECTION: "rejection", WAITING: "waiting", 4: "revocationWarning",
    5: "revocationNotification",
}
# PKIFailureInfo (RFC 3161 section 2.4.2): bit number -> name
_FAILURES = {
    0: "badAlg (the hash algorithm is not supported)",
    2: "badRequest (the request is not permitted or supported)",
    5: "badDataFormat (the request is malformed)",
    14: "timeNotAvailable (the TSA's time source is not available)",
    15: "unacceptedPolicy (the policy asked for is not supported)",
    16: "unacceptedExtension (the extension asked for is not supported)",
    17: "addInfoNotAvailable (the additional information asked for is not available)",
    25: "systemFailure (the TSA failed)",
}


@dataclass(frozen=True)
class TimestampQuery:
    """One TimeStampReq (DER) asking for a SHA-256 imprint of `message`, with its nonce."""

    message: bytes
    nonce: int
    der: bytes

    @property
    def imprint(self) -> bytes:
        """SHA-256 of the message: the hashedMessage asked for."""
        return hashlib.sha256(self.message).digest()


def timestamp_request(message: bytes, nonce: int) -> TimestampQuery:
    """Return the TimeStampReq v1 of `message`: SHA-256 imprint, `nonce`, certReq TRUE.

    No reqPolicy: the TSA stamps under its default policy, which the token names.
    """
    if not 0 <= nonce < 1 << 64:
        raise ValueError("the nonce is a 64-bit unsigned number")
    imprint = der_sequence(
        der_sequence(der_oid(SHA256_OID), der_null()),
        der_octet_string(hashlib.sha256(message).digest()),
    )
    body = der_sequence(der_integer(1), imprint, der_integer(nonce), der_boolean(True))
    return TimestampQuery(message, nonce, body)


def token_of_reply(data: bytes) -> bytes:
    """Return the TimeStampToken (DER ContentInfo) of a granted TimeStampResp.

    Raises `TsaRefused` for a rejection (its statusString and failInfo in the message),
    `TsaUnreachable` for "waiting", `TsaAnswerInvalid` for a malformed answer or a
    granted one without a token.
    """
    try:
        parts = der.sequence(der.read(data), lo=1, hi=2)
        info = der.sequence(parts[0], lo=1, hi=3)
        status = der.integer(info[0])
        texts: list[str] = []
        failures = 0
        for item in info[1:]:
            if item.is_(der.UNIVERSAL, der.SEQUENCE):
                texts += [c.content.decode("utf-8", "replace") for c in item.children()]
            else:
                failures = der.named_bits(item)
    except VerifierError as exc:
        raise TsaAnswerInvalid(f"the answer is not an RFC 3161 TimeStampResp ({exc})") from None
    if status in (GRANTED, GRANTED_WITH_MODS):
        if len(parts) != 2:
            raise TsaAnswerInvalid("the TSA granted the request but sent no token")
        return parts[1].raw
    said = "; ".join(
        [f'"{t[:200]}"' for t in texts]
        + [name for bit, name in _FAILURES.items() if failures >> bit & 1]
    )
    name = _STATUS.get(status, f"unknown status {status}")
    reason = f"the TSA answered PKIStatus {name}" + (f": {said}" if said else "")
    if status == WAITING:
        raise TsaUnreachable(reason)
    raise TsaRefused(reason)
