"""The recorded mainnet beacon data of tests/vectors/portal and the proofs published with it."""

from __future__ import annotations

from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "vectors" / "portal"
BEACON_DATA = PORTAL / "headers_with_proof" / "beacon_data"
HEADERS = PORTAL / "headers_with_proof"
# execution block number -> fork of its beacon block
BLOCKS = {17034870: "capella", 19426587: "deneb", 22162263: "deneb"}


def block_ssz(number: int) -> bytes:
    """Return the recorded unsigned SSZ BeaconBlock of a mainnet execution block."""
    return (BEACON_DATA / str(number) / "block.ssz").read_bytes()


def block_roots_ssz(number: int) -> bytes:
    """Return the recorded block_roots (SSZ Vector[Root, 8192]) of the block's period."""
    return (BEACON_DATA / str(number) / "block_roots.ssz").read_bytes()


def _simple_yaml(text: str) -> dict[str, object]:
    """Read the flat YAML of the vectors: scalars and lists of scalars (no PyYAML needed)."""
    out: dict[str, object] = {}
    key = ""
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = line.strip()
        if not line[0].isspace():
            key, _, rest = item.partition(":")
            rest = rest.strip()
            out[key] = (int(rest) if rest.isdigit() else rest.strip('"')) if rest else None
        elif item.startswith("- "):
            value = out[key] if isinstance(out[key], list) else []
            assert isinstance(value, list)
            value.append(item[2:].strip().strip('"'))
            out[key] = value
        else:
            out[key] = item.strip('"')
    return out


def published_proof(number: int) -> dict[str, object]:
    """Return the published beacon_block_proof-<number>.yaml as a dict."""
    folder = HEADERS / f"block_proofs_{BLOCKS[number]}"
    return _simple_yaml((folder / f"beacon_block_proof-{number}.yaml").read_text())


def content_value(number: int) -> bytes:
    """Return the published SSZ BlockHeaderWithProof of the block."""
    text = _simple_yaml((HEADERS / f"{number}.yaml").read_text())["content_value"]
    assert isinstance(text, str)
    return bytes.fromhex(text.removeprefix("0x"))


def header_rlp(number: int) -> bytes:
    """Return the RLP header inside the published BlockHeaderWithProof."""
    value = content_value(number)
    end = int.from_bytes(value[4:8], "little")
    return value[8:end]
