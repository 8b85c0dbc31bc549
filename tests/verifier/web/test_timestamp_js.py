"""Step 9 in JavaScript (verifier/web/src) gives the Python core's verdict and error class."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ipledger.verifier.core import der
from ipledger.verifier.core.clocks import check_timestamps, token_words
from ipledger.verifier.core.errors import VerifierError
from ipledger.verifier.core.note import parse_note
from ipledger.verifier.core.timestamp import MAX_ACCURACY_SECONDS, verify_timestamp_token
from ipledger.verifier.core.x509 import certificate_path, parse_certificate
from tests.openssl_tsa import OpenSslTsa
from tests.verifier.core.test_der import BAD_VALUES, NOT_DER
from tests.verifier.core.test_x509 import NOW, _cert, _key, _refused_paths
from tests.verifier.core.tsa_tokens import resign, with_accuracy

ROOT = Path(__file__).resolve().parents[3]
NODE_TEST = Path(__file__).with_name("timestamp_node.mjs")
CHROMIUM_RUN = Path(__file__).with_name("timestamp_chromium.mjs")
VECTORS = ROOT / "tests" / "vectors"
NOTE = b"example.com/log\n42\nqDy0NDxYhgXbQ8Pxe6HbSw3G3WvlnW3ZcqpgDa2gUzI=\n"
# The page passes the whole signed note; step 9 stamps its text.
SIGNED_NOTE = NOTE + b"\n\xe2\x80\x94 example.com/log " + base64.b64encode(bytes(68)) + b"\n"
OTHER_NOTE = SIGNED_NOTE.replace(b"\n42\n", b"\n43\n")
Token = tuple[bytes, bytes | None, list[bytes] | None, list[bytes]]  # token, message, roots, certs


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _pem_der(path: Path) -> bytes:
    text = re.sub(r"-----[^-]+-----|\s", "", path.read_text())
    return base64.b64decode(text)


def _error(exc: VerifierError) -> dict[str, Any]:
    return {"error_type": type(exc).__name__}


def _verify_case(name: str, token: bytes, message: bytes, roots: list[bytes] | None,
                 certificates: list[bytes]) -> dict[str, Any]:
    try:
        checked = verify_timestamp_token(token, message=message, roots=roots,
                                         certificates=certificates)
    except VerifierError as exc:
        expected = _error(exc)
    else:
        expected = {"error_type": None, "trusted": checked.trusted, "serial": hex(checked.serial),
                    "gen_time": checked.gen_time.isoformat(), "subject": checked.tsa.subject_text,
                    "issuer": checked.tsa.issuer_text, "policy": checked.policy,
                    "hash_algorithm": checked.hash_algorithm,
                    "nonce": None if checked.nonce is None else str(checked.nonce)}
    return {"id": name, "mode": "verify", "token": _b64(token), "message": _b64(message),
            "roots": None if roots is None else [_b64(r) for r in roots],
            "certificates": [_b64(c) for c in certificates], "expected": expected}


def _clocks_case(name: str, tokens: list[bytes], checkpoint: bytes,
                 roots: list[bytes] | None) -> dict[str, Any]:
    try:
        checked = check_timestamps(tokens, checkpoint.decode(), roots)
    except VerifierError as exc:
        expected = _error(exc)
    else:  # verify.py's step 9 check
        size = parse_note(checkpoint).text.split("\n")[1]
        words = "; ".join(token_words(t, roots is not None) for t in checked)
        over = f"over the checkpoint's note (origin, size {size}, root)"
        expected = {"error_type": None, "detail": (
            f"{len(checked)} token(s) {over}, signed: {words}" if checked else None),
            "trusted": [t.trusted for t in checked]}
    return {"id": name, "mode": "clocks", "tokens": [_b64(t) for t in tokens],
            "note": _b64(checkpoint), "roots": None if roots is None else [_b64(r) for r in roots],
            "expected": expected}


def _authority(tmp: Path, kind: str) -> tuple[bytes, bytes, Any]:
    """(root DER, TSA certificate DER, TSA private key) made with `cryptography`."""
    def key() -> Any:
        if kind == "p384":
            return ec.generate_private_key(ec.SECP384R1())
        if kind == "p521":
            return ec.generate_private_key(ec.SECP521R1())
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ipledger tests"),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key, tsa_key = key(), key()
    start, end = dt.datetime(2020, 1, 1, tzinfo=dt.UTC), dt.datetime(2040, 1, 1, tzinfo=dt.UTC)
    digest = hashes.SHA512() if kind == "p521" else hashes.SHA384()
    extra: dict[str, Any] = {}
    if kind == "pss":  # the certificates too are signed RSASSA-PSS (SHA-384, salt 48)
        extra = {"rsa_padding": padding.PSS(padding.MGF1(hashes.SHA384()), 48)}
    ca = (x509.CertificateBuilder().subject_name(name(f"{kind} Root CA"))
          .issuer_name(name(f"{kind} Root CA")).public_key(ca_key.public_key()).serial_number(1)
          .not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, digest, **extra))
    tsa = (x509.CertificateBuilder().subject_name(name(f"{kind} TSA"))
           .issuer_name(ca.subject).public_key(tsa_key.public_key()).serial_number(2)
           .not_valid_before(start).not_valid_after(end)
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                          critical=True)
           .sign(ca_key, digest, **extra))
    encoding = serialization.Encoding.DER
    return ca.public_bytes(encoding), tsa.public_bytes(encoding), tsa_key


_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


def _sign_again(token: bytes, key: Any, algorithm: str, *, salt: int = 32) -> bytes:
    """`token` with its SignerInfo signed by `key` as `algorithm` (asn1crypto's names)."""
    info = cms.ContentInfo.load(token)
    signer = info["content"]["signer_infos"][0]
    message = b"\x31" + signer["signed_attrs"].dump()[1:]
    if algorithm.startswith("pss-"):
        name = algorithm[4:]
        signer["signature_algorithm"] = {"algorithm": "rsassa_pss", "parameters": {
            "hash_algorithm": {"algorithm": name},
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": name}},
            "salt_length": salt}}
        digest = _HASHES[name]()
        signature = key.sign(message, padding.PSS(padding.MGF1(digest), salt), digest)
    else:
        signer["signature_algorithm"] = {"algorithm": algorithm}
        digest = _HASHES[algorithm.split("_", maxsplit=1)[0]]()
        signature = key.sign(message, ec.ECDSA(digest))
    signer["signature"] = signature
    return bytes(info.dump())  # only the mutated SignerInfo is encoded again


def _flip(data: bytes, at: int, mask: int = 0x01) -> bytes:
    return data[:at] + bytes([data[at] ^ mask]) + data[at + 1:]


def _token_cases(tmp: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    manifest = json.loads((VECTORS / "rfc3161" / "manifest.json").read_text())
    message = (VECTORS / "rfc3161" / manifest["message"]).read_bytes()
    for name, vector in sorted(manifest["vectors"].items()):
        token = (VECTORS / "rfc3161" / vector["token"]).read_bytes()
        ca = _pem_der(VECTORS / "rfc3161" / vector["ca"])
        certs = [_pem_der(VECTORS / "rfc3161" / vector["tsa_certificate"])]
        if vector["intermediate"]:
            certs.append(_pem_der(VECTORS / "rfc3161" / vector["intermediate"]))
        cases.append(_verify_case(f"vector {name}", token, message, [ca], certs))
        cases.append(_verify_case(f"vector {name} unrooted", token, message, None, certs))
        cases.append(_verify_case(f"vector {name} bare", token, message, None, []))
        cases.append(_verify_case(f"vector {name} other data", token, message + b" ", [ca], certs))
        cases.append(_verify_case(f"vector {name} as root", token, message, [certs[0]], []))

    golden = json.loads((VECTORS / "bundles_v3" / "manifest.json").read_text())
    roots = {n: _pem_der(VECTORS / "bundles_v3" / t["ca"]) for n, t in golden["tsas"].items()}
    for name in sorted(golden["bundles"]):
        bundle = json.loads((VECTORS / "bundles_v3" / f"{name}.json").read_text())
        tokens = [base64.b64decode(t) for t in bundle["timestamps"]]
        checkpoint = bundle["checkpoint"].encode()
        for label, given in [("no roots", None), ("tsa-a", [roots["tsa-a"]]),
                             ("tsa-b", [roots["tsa-b"]]), ("both", sorted(roots.values())),
                             ("none named", [])]:
            cases.append(_clocks_case(f"golden {name} {label}", tokens, checkpoint, given))
        cases.append(_clocks_case(f"golden {name} one token", tokens[1:], checkpoint,
                                  [roots["tsa-a"]]))
        cases.append(_clocks_case(f"golden {name} other checkpoint", tokens,
                                  checkpoint.replace(b"\n", b"x\n", 1), None))

    tsas = {
        "ec": OpenSslTsa(tmp, key="ec"), "rsa": OpenSslTsa(tmp, key="rsa"),
        "intermediate": OpenSslTsa(tmp, name="Deep TSA", intermediate=True, ess="sha1"),
        "other": OpenSslTsa(tmp, name="Other TSA"),
        "expired": OpenSslTsa(tmp, name="Old TSA", not_before="20200101000000Z",
                              not_after="20210101000000Z"),
        "no-eku": OpenSslTsa(tmp, name="Plain", eku="none"),
        "weak-eku": OpenSslTsa(tmp, name="Weak", eku="noncritical"),
        "sha1": OpenSslTsa(tmp, key="rsa", name="Sha1", signer_digest="sha1"),
        "ed25519": OpenSslTsa(tmp, key="ed25519", name="Edwards"),
    }
    stamped = {k: tsas[k].stamp(NOTE) for k in ("ec", "rsa", "intermediate", "other", "expired",
                                                 "sha1")}
    ec_token, rsa_token = stamped["ec"], stamped["rsa"]
    inter = tsas["intermediate"]
    assert inter.intermediate_pem is not None
    inter_der = OpenSslTsa.der_of(inter.intermediate_pem)
    bare = resign(stamped["intermediate"], inter.cert_der, inter.key_pem)  # no intermediate inside
    ed = resign(ec_token, tsas["ed25519"].cert_der, tsas["ed25519"].key_pem)
    ess_other = resign(ec_token, tsas["ec"].cert_der, tsas["ec"].key_pem).replace(
        hashlib.sha256(tsas["ec"].cert_der).digest(),
        hashlib.sha256(tsas["other"].cert_der).digest())
    made: dict[str, Token] = {
        "ec": (ec_token, NOTE, [tsas["ec"].ca_der], []),
        "rsa": (rsa_token, NOTE, [tsas["rsa"].ca_der], []),
        "intermediate": (stamped["intermediate"], NOTE, [inter.ca_der], []),
        "intermediate bare": (bare, NOTE, [inter.ca_der], []),
        "intermediate given": (bare, NOTE, [inter.ca_der], [inter_der]),
        "intermediate as root": (bare, NOTE, [inter_der], []),
        "other data": (ec_token, NOTE + b"x", [tsas["ec"].ca_der], []),
        "sha512 imprint": (tsas["ec"].stamp(NOTE, digest="sha512"), NOTE, None, []),
        "no certificate": (tsas["ec"].stamp(NOTE, cert=False, nonce=False), NOTE, None, []),
        "no certificate given": (tsas["ec"].stamp(NOTE, cert=False), NOTE, [tsas["ec"].ca_der],
                                 [tsas["ec"].cert_der]),
        "another CA": (stamped["other"], NOTE, [tsas["ec"].ca_der], []),
        "expired": (stamped["expired"], NOTE, [tsas["expired"].ca_der], []),
        "no eku": (resign(ec_token, tsas["no-eku"].cert_der, tsas["no-eku"].key_pem), NOTE,
                   [tsas["no-eku"].ca_der], []),
        "weak eku": (resign(ec_token, tsas["weak-eku"].cert_der, tsas["weak-eku"].key_pem), NOTE,
                     [tsas["weak-eku"].ca_der], []),
        "no ess": (resign(ec_token, tsas["ec"].cert_der, tsas["ec"].key_pem, ess=False), NOTE,
                   [tsas["ec"].ca_der], []),
        "ess of another": (ess_other, NOTE, [tsas["ec"].ca_der], []),
        "sha1 signature": (stamped["sha1"], NOTE, [tsas["sha1"].ca_der], []),
        "ed25519": (ed, NOTE, [tsas["ed25519"].ca_der], []),
        "ed25519 flipped": (_flip(ed, len(ed) - 3), NOTE, [tsas["ed25519"].ca_der], []),
        "flipped ec signature": (_flip(ec_token, len(ec_token) - 3), NOTE, None, []),
        "flipped rsa signature": (_flip(rsa_token, len(rsa_token) - 3), NOTE, None, []),
        "padded": (ec_token + b"\x00", NOTE, None, []),
        **{f"accuracy {seconds} s": (
            with_accuracy(ec_token, seconds, tsas["ec"].cert_der, tsas["ec"].key_pem), NOTE,
            [tsas["ec"].ca_der], [])
           for seconds in (MAX_ACCURACY_SECONDS, MAX_ACCURACY_SECONDS + 1)},
    }
    for kind, algorithms in [("p384", ["sha384_ecdsa", "sha256_ecdsa"]),
                             ("p521", ["sha512_ecdsa", "sha256_ecdsa"]),
                             ("pss", ["pss-sha256", "pss-sha384", "pss-sha512"])]:
        ca, cert, key = _authority(tmp, kind)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        base = resign(rsa_token if kind == "pss" else ec_token, cert, pem)
        for algorithm in algorithms:
            token = _sign_again(base, key, algorithm)
            made[f"{kind} {algorithm}"] = (token, NOTE, [ca], [])
            made[f"{kind} {algorithm} flipped"] = (_flip(token, len(token) - 3), NOTE, [ca], [])
        if kind == "pss":
            made["pss salt 0"] = (_sign_again(base, key, "pss-sha256", salt=0), NOTE, [ca], [])
            made["pss salt 64"] = (_sign_again(base, key, "pss-sha384", salt=64), NOTE, [ca], [])
    for name, (token, data, given_roots, certs) in sorted(made.items()):
        assert data is not None
        cases.append(_verify_case(f"openssl {name}", token, data, given_roots, certs))
        cases.append(_clocks_case(f"openssl {name} step 9", [token], SIGNED_NOTE if data == NOTE
                                  else OTHER_NOTE, given_roots))
    cases.append(_clocks_case("two tokens, one named", [ec_token, rsa_token], SIGNED_NOTE,
                              [tsas["rsa"].ca_der]))
    cases.append(_clocks_case("two tokens, second bad", [ec_token, _flip(rsa_token, 40)],
                              SIGNED_NOTE, None))
    cases.append(_clocks_case("no tokens, roots given", [], SIGNED_NOTE, [tsas["ec"].ca_der]))
    cases.append(_clocks_case("no tokens", [], SIGNED_NOTE, None))

    # Bytes of an ECDSA and of an RSA token changed (every byte of the first 400: the CMS and
    # TSTInfo structure; then a sample over the certificate and signature), with the TSA's root.
    rng = random.Random(15)
    for kind, token in (("ec", ec_token), ("rsa", rsa_token)):
        root = tsas[kind].ca_der  # a property running openssl: read once
        places = sorted(set(range(min(400, len(token)))) | set(rng.sample(range(len(token)), 150)))
        for at in places:
            mask = 0x01 if at % 2 else 0x80
            cases.append(_clocks_case(f"mutated {kind} byte {at}^{mask:#x}",
                                      [_flip(token, at, mask)], SIGNED_NOTE, [root]))
    return cases


def _value(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return str(value)
    return value


READERS: dict[str, Callable[[der.Element], Any]] = {
    "integer": der.integer, "oid": der.oid, "time": der.time, "boolean": der.boolean,
    "null": der.null, "bit_string": der.bit_string, "named_bits": der.named_bits,
    "octet_string": der.octet_string,
}


def _walk(element: der.Element, out: list[Any], depth: int = 0) -> None:
    out.append([element.cls, element.constructed, element.number])
    if element.constructed and depth < 32:
        for child in element.children():
            _walk(child, out, depth + 1)
        return
    for name, reader in READERS.items():
        try:
            out.append([name, _value(reader(element))])
        except VerifierError as exc:
            out.append([name, type(exc).__name__])


def _der_cases() -> list[dict[str, Any]]:
    inputs = dict(NOT_DER)
    inputs |= {name: data for name, (_, data) in BAD_VALUES.items()}
    inputs |= {
        "integers": "300d020100020180020200800201ff", "big negative": "0209ff0000000000000001",
        "oid 2.999.3": "0603883703", "oid long arc": "06092a864886f70d010901",
        "utc 1950": "170d3530303130313030303030305a", "utc 2049": "170d3439313233313233353935395a",
        "gentime fraction": "181332303236313230333232333030302e3132335a",
        "gentime leap day": "180f32303234303232393132303030305a",
        "gentime not leap": "180f32313030303232393132303030305a",
        "gentime year 0": "180f30303030303130313030303030305a",
        "second 60": "180f32303236313230333233353936305a",
        "named bits 0,5": "0302028400", "named bits 5,6": "03020506",
        "bit list unused 8": "03020800", "empty bit string": "0300",
        "explicit": "a003020101", "nested": "3008310604010004010a",
    }
    rng = random.Random(15)
    for n in range(300):
        inputs[f"random {n}"] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))).hex()
    for n in range(300):  # plausible headers: a real tag byte, a short length, random contents
        tag = rng.choice([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x17, 0x18, 0x30, 0x31, 0xa0, 0x80])
        body = bytes(rng.choice([0x00, 0x30, 0x31, 0x5a, 0x2e, 0x80, 0xff, rng.randrange(256)])
                     for _ in range(rng.randrange(0, 20)))
        inputs[f"typed {n}"] = (bytes([tag, len(body)]) + body).hex()
    cases = []
    for name, data in sorted(inputs.items()):
        out: list[Any] = []
        try:
            _walk(der.read(bytes.fromhex(data)), out)
        except VerifierError as exc:
            out.append(type(exc).__name__)
        cases.append({"id": f"der {name}", "mode": "der", "data": data, "expected": out})
    return cases


def _path_case(name: str, leaf: bytes, chain: list[bytes], root: bytes) -> dict[str, Any]:
    try:
        path = certificate_path(parse_certificate(leaf), [parse_certificate(c) for c in chain],
                                [parse_certificate(root)], NOW)
    except VerifierError as exc:
        expected: dict[str, Any] = _error(exc)
    else:
        expected = {"error_type": None, "path": [c.subject_text for c in path]}
    return {"id": name, "mode": "path", "leaf": _b64(leaf), "chain": [_b64(c) for c in chain],
            "root": _b64(root), "at": str(int(NOW.timestamp()) * 1_000_000),
            "expected": expected}


def _x509_cases() -> list[dict[str, Any]]:
    """test_x509.py's paths (each signature kind, each refusal) and byte-flipped certificates."""
    cases = []
    for kind in ("p256", "p384", "rsa", "ed25519", "rsa-pss"):
        root_key, inter_key, leaf_key = (_key(kind.split("-", maxsplit=1)[0]) for _ in range(3))
        pss = kind == "rsa-pss"
        root = _cert("Root", root_key, ca=True, pss=pss)
        inter = _cert("Inter", inter_key, ("Root", root_key), ca=True, path_len=0, pss=pss)
        leaf = _cert("TSA", leaf_key, ("Inter", inter_key), pss=pss)
        cases.append(_path_case(f"x509 {kind} path", leaf, [inter], root))
        cases.append(_path_case(f"x509 {kind} leaf is root", leaf, [], leaf))
    for name, (leaf, chain, root, _) in sorted(_refused_paths().items()):
        cases.append(_path_case(f"x509 {name}", leaf, chain, root))
    root = _cert("Root", _key("p256"), ca=True)
    for at in range(len(root)):
        flipped = _flip(root, at, 0x01 if at % 2 else 0x80)
        cases.append(_path_case(f"x509 root byte {at} flipped", flipped, [], flipped))
    return cases


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    tmp = tmp_path_factory.mktemp("tsa-js")
    cases = _der_cases() + _x509_cases() + _token_cases(tmp)
    path = tmp / "cases.json"  # for a rerun: IPLEDGER_TSA_CASES=path node --test timestamp.test.mjs
    path.write_text(json.dumps(cases))
    return path, len(cases)


def test_javascript_step_9_agrees_with_the_python_core(cases_file: tuple[Path, int]) -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@noble" / "hashes").is_dir():
        pytest.skip("node or node_modules (make install) is missing: the JavaScript is not run")
    path, count = cases_file
    result = subprocess.run([node, "--no-warnings", "--test", str(NODE_TEST)], cwd=ROOT,
                            env={"PATH": str(Path(node).parent), "IPLEDGER_TSA_CASES": str(path)},
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    ran = re.search(r"compared (\d+) cases", result.stdout)
    assert ran is not None and int(ran[1]) == count, result.stdout[-2000:]


def test_chromium_step_9_agrees_with_the_python_core(cases_file: tuple[Path, int]) -> None:
    # The page runs on Chromium's WebCrypto (BoringSSL), not Node's (OpenSSL): same cases there.
    node, chromium = shutil.which("node"), shutil.which("chromium")
    if node is None or chromium is None or not (ROOT / "node_modules" / "playwright-core").is_dir():
        pytest.skip("node, node_modules or Debian chromium is missing (make install)")
    path, count = cases_file
    result = subprocess.run([node, "--no-warnings", str(CHROMIUM_RUN)], cwd=ROOT,
                            env={"PATH": str(Path(node).parent), "IPLEDGER_TSA_CASES": str(path),
                                 "CHROMIUM": chromium, "HOME": str(path.parent)},
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert f"compared {count} cases in Chromium, 0 differ" in result.stdout


def test_the_cases_cover_every_outcome(cases_file: tuple[Path, int]) -> None:
    cases = json.loads(cases_file[0].read_text())
    seen = {c["expected"]["error_type"] for c in cases if c["mode"] != "der"}
    assert seen >= {None, "InvalidTimestampToken", "TimestampImprintMismatch",
                    "UntrustedTimestampAuthority"}
    assert any(c["mode"] == "verify" and c["expected"].get("trusted") for c in cases)
    assert sum(c["expected"]["error_type"] is None for c in cases if c["mode"] == "clocks") > 20
