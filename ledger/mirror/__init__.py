"""Mirrors: keep a verified copy of another office's log from its C2SP tlog-tiles."""

from ipledger.ledger.mirror.copy import CopyInfo, MirrorCopy, list_copies, origin_hash
from ipledger.ledger.mirror.errors import (
    CopyNotFound,
    MirrorError,
    SourceBehind,
    SourceForked,
    SourceUnreachable,
    SourceUnverified,
)
from ipledger.ledger.mirror.tree import TiledTree
from ipledger.ledger.mirror.update import MirrorUpdate, mirror_once

__all__ = [
    "CopyInfo",
    "CopyNotFound",
    "MirrorCopy",
    "MirrorError",
    "MirrorUpdate",
    "SourceBehind",
    "SourceForked",
    "SourceUnreachable",
    "SourceUnverified",
    "TiledTree",
    "list_copies",
    "mirror_once",
    "origin_hash",
]
