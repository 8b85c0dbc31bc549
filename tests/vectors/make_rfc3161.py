"""Write tests/vectors/rfc3161/: RFC 3161 tokens made by OpenSSL's TSA, their CAs and fields.

Run from the repository root after `make install`:
`.venv/bin/python tests/vectors/make_rfc3161.py`. Each authority is `tests/openssl_tsa.py`'s
(`openssl genpkey`, `openssl req`/`openssl ca`, `openssl ts -query`/`-reply`); the fields in
`manifest.json` are those asn1crypto (a second, independent ASN.1 implementation) reads from
each token (rfc3161-client refuses the intermediate case: OpenSSL writes its SignedData
certificates SET OF unsorted, which strict DER forbids and the core tolerates), and
`openssl ts -verify` is run on every token before it is written. Regenerating replaces every
file (new keys, times and serials).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from asn1crypto import cms, tsp
from cryptography import x509

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.openssl_tsa import OpenSslTsa  # noqa: E402

OUT = ROOT / "tests" / "vectors" / "rfc3161"
MESSAGE = b"example.com/ipledger\n7\nx+MoOSqGbzBNY+JNP5Mgd5YjZrEdRbN02tbI6GkcZQ8=\n"
# name -> (authority options, query options)
VECTORS: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "ec-p256": ({"key": "ec"}, {}),
    "ec-p256-sha512-imprint": ({"key": "ec"}, {"digest": "sha512"}),
    "ec-p256-no-nonce-no-cert": ({"key": "ec"}, {"nonce": False, "cert": False}),
    "rsa-2048": ({"key": "rsa"}, {}),
    "rsa-2048-sha384-imprint": ({"key": "rsa"}, {"digest": "sha384"}),
    "intermediate-ess-sha1": ({"key": "ec", "intermediate": True, "ess": "sha1"}, {}),
}


def main() -> None:
    """Write every vector and the manifest."""
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    (OUT / "message.txt").write_bytes(MESSAGE)
    manifest: dict[str, object] = {"message": "message.txt", "vectors": {}}
    vectors: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        authorities: dict[str, OpenSslTsa] = {}
        for name, (options, query) in VECTORS.items():
            key = json.dumps(options, sort_keys=True)
            if key not in authorities:
                label = f"TSA {len(authorities) + 1}"
                authorities[key] = OpenSslTsa(Path(tmp), name=label, **options)  # type: ignore[arg-type]
            tsa = authorities[key]
            token = tsa.stamp(MESSAGE, **query)  # type: ignore[arg-type]
            ca = f"{tsa.name.replace(' ', '-').lower()}-ca.pem"
            cert = f"{tsa.name.replace(' ', '-').lower()}-tsa.pem"
            shutil.copy(tsa.ca_pem, OUT / ca)
            shutil.copy(tsa.tsa_cert_pem, OUT / cert)
            untrusted = None
            if tsa.intermediate_pem is not None:
                untrusted = f"{tsa.name.replace(' ', '-').lower()}-intermediate.pem"
                shutil.copy(tsa.intermediate_pem, OUT / untrusted)
            if query.get("cert", True):
                assert tsa.verifies(token, MESSAGE), name
            (OUT / f"{name}.tst").write_bytes(token)
            info = cms.ContentInfo.load(token)["content"]["encap_content_info"]["content"]
            fields = tsp.TSTInfo.load(info.parsed.dump()).native
            accuracy = fields["accuracy"]
            vectors[name] = {
                "token": f"{name}.tst", "ca": ca, "tsa_certificate": cert,
                "intermediate": untrusted, "gen_time": fields["gen_time"].isoformat(),
                "serial": fields["serial_number"], "policy": fields["policy"],
                "nonce": fields["nonce"],
                "imprint": fields["message_imprint"]["hashed_message"].hex(),
                "hash_algorithm": fields["message_imprint"]["hash_algorithm"]["algorithm"],
                "accuracy_ms": accuracy["seconds"] * 1000 + (accuracy["millis"] or 0),
                "tsa_subject": x509.load_pem_x509_certificate(
                    (OUT / cert).read_bytes()).subject.rfc4514_string(),
            }
    manifest["vectors"] = vectors
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
