"""Errors of a mirror: one base, `MirrorError`, and what a source can do wrong."""

from __future__ import annotations

from ipledger.ledger.errors import LedgerError


class MirrorError(LedgerError):
    """Keeping a copy of another office's log failed; the copy is unchanged."""


class SourceUnreachable(MirrorError):
    """The source URL gave no usable answer (down, timeout, HTTP error, oversize body)."""


class SourceUnverified(MirrorError):
    """The source's checkpoint, cosignatures or tiles do not verify: nothing was kept."""


class SourceForked(MirrorError):
    """The source signed a checkpoint inconsistent with the kept copy: refused, evidence kept."""


class SourceBehind(MirrorError):
    """The source serves a smaller tree than the copy holds (consistent with it: stale)."""


class CopyNotFound(MirrorError):
    """No copy of that log is kept in this data directory."""
