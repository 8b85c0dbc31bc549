"""A real RFC 3161 time-stamp authority for tests: OpenSSL's `openssl ts -reply`, its own CA."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal

KeyType = Literal["ec", "rsa", "ed25519"]
Eku = Literal["critical", "noncritical", "none"]

_GENPKEY = {
    "ec": ("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"),
    "rsa": ("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"),
    "ed25519": ("-algorithm", "ed25519"),
}
_EKU_LINE = {
    "critical": "extendedKeyUsage = critical,timeStamping\n",
    "noncritical": "extendedKeyUsage = timeStamping\n",
    "none": "",
}
_CONFIG = """\
[ca]
default_ca = ca_default

[ca_default]
dir = {dir}
database = {dir}/index.txt
serial = {dir}/ca_serial
new_certs_dir = {dir}/issued
default_md = {md}
policy = policy_anything
unique_subject = no
copy_extensions = none

[policy_anything]
organizationName = optional
commonName = supplied

[req]
distinguished_name = req_dn
prompt = no

[req_dn]
CN = unused

[root_ext]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[intermediate_ext]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[tsa_ext]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
{eku}
[tsa]
default_tsa = tsa_config

[tsa_config]
dir = {dir}
serial = {dir}/tsa_serial
crypto_device = builtin
signer_cert = {dir}/tsa.pem
{certs}signer_key = {dir}/tsa.key
signer_digest = {signer_digest}
default_policy = {policy}
other_policies = 1.2.3.4.5.6
digests = sha256, sha384, sha512
accuracy = secs:1, millisecs:500
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = {ess}
"""


def _openssl() -> str:
    path = shutil.which("openssl")
    if path is None:
        raise RuntimeError("these tests need the openssl command: apt-get install openssl")
    return path


def openssl(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> bytes:
    """Run `openssl ARGS` and return its standard output; raise with its stderr if it fails."""
    result = subprocess.run(
        [_openssl(), *args], input=stdin, capture_output=True, check=False, timeout=60, cwd=cwd
    )
    if result.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed: {result.stderr.decode()}")
    return result.stdout


class OpenSslTsa:
    """A root CA, a TSA certificate (critical EKU timeStamping) and `openssl ts -reply`.

    `key` is the key type of every key made (P-256, RSA-2048 or Ed25519). OpenSSL 3.0's `ts`
    signs through PKCS7, which refuses Ed25519 ("signing not supported for this key type"): an
    "ed25519" authority has its CA and certificates (for X.509 tests) but `reply`/`stamp`
    raise RuntimeError. The keyword
    arguments make the faulty authorities the verifier's tests need: `eku` "noncritical" or
    "none" (OpenSSL itself refuses to sign with those, so they serve only `.cert_der`/`.key_pem`
    for tokens re-signed in tests), an `intermediate` CA between root and TSA, TSA
    validity dates (`not_before`/`not_after` as YYYYMMDDHHMMSSZ), `ess` "sha1"
    (signingCertificate, RFC 2634) or "sha256" (signingCertificateV2, RFC 5816), the CMS
    `signer_digest` (default SHA-256).
    """

    def __init__(
        self,
        tmp_path: Path,
        key: KeyType = "ec",
        name: str = "Test TSA",
        *,
        eku: Eku = "critical",
        intermediate: bool = False,
        not_before: str | None = None,
        not_after: str | None = None,
        ess: Literal["sha1", "sha256"] = "sha256",
        policy: str = "1.3.6.1.4.1.4146.2.3",
        signer_digest: str | None = None,
    ) -> None:
        base = f"tsa-{name.replace(' ', '_')}-{key}"
        self.dir = next(tmp_path / f"{base}-{n}" for n in range(1000)
                        if not (tmp_path / f"{base}-{n}").exists())
        self.dir.mkdir(parents=True)
        (self.dir / "issued").mkdir()
        (self.dir / "index.txt").write_text("")
        (self.dir / "ca_serial").write_text("1000\n")
        (self.dir / "tsa_serial").write_text("01\n")
        self.key_type: KeyType = key
        self.name = name
        self.policy = policy
        self.down = False
        self._lock = threading.Lock()
        md = signer_digest or ("sha512" if key == "ed25519" else "sha256")
        self.config = self.dir / "openssl.cnf"
        self.config.write_text(_CONFIG.format(
            dir=self.dir, md="default" if key == "ed25519" else "sha256", eku=_EKU_LINE[eku],
            signer_digest=md, policy=policy, ess=ess,
            certs=f"certs = {self.dir}/chain.pem\n" if intermediate else "",
        ))
        self.ca_pem = self.dir / "ca.pem"
        self.ca_key = self._key("ca.key")
        self._run("req", "-new", "-x509", "-config", str(self.config), "-key", str(self.ca_key),
                  "-subj", f"/O=ipledger tests/CN={name} Root CA", "-days", "3650",
                  "-extensions", "root_ext", "-out", str(self.ca_pem))
        issuer_pem, issuer_key = self.ca_pem, self.ca_key
        chain = []
        self.intermediate_pem: Path | None = None
        if intermediate:
            self.intermediate_pem = self.dir / "intermediate.pem"
            inter_key = self._key("intermediate.key")
            self._issue(inter_key, f"/O=ipledger tests/CN={name} Intermediate CA",
                        "intermediate_ext", issuer_pem, issuer_key, self.intermediate_pem,
                        None, None)
            issuer_pem, issuer_key = self.intermediate_pem, inter_key
            chain.append(self.intermediate_pem.read_text())
        self.tsa_key = self._key("tsa.key")
        self.tsa_cert_pem = self.dir / "tsa.pem"
        self._issue(self.tsa_key, f"/O=ipledger tests/CN={name}", "tsa_ext", issuer_pem,
                    issuer_key, self.tsa_cert_pem, not_before, not_after)
        if chain:
            (self.dir / "chain.pem").write_text("".join(chain))

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        return openssl(*args, cwd=self.dir, stdin=stdin)

    def _key(self, file: str) -> Path:
        path = self.dir / file
        self._run("genpkey", *_GENPKEY[self.key_type], "-out", str(path))
        return path

    def _issue(self, key: Path, subject: str, extensions: str, issuer_pem: Path,
               issuer_key: Path, out: Path, not_before: str | None, not_after: str | None) -> None:
        csr = out.with_suffix(".csr")
        self._run("req", "-new", "-config", str(self.config), "-key", str(key), "-subj", subject,
                  "-out", str(csr))
        dates = ["-startdate", not_before] if not_before else []
        dates += ["-enddate", not_after] if not_after else ["-days", "3650"]
        self._run("ca", "-batch", "-config", str(self.config), "-notext", "-cert",
                  str(issuer_pem), "-keyfile", str(issuer_key), "-extensions", extensions,
                  "-in", str(csr), "-out", str(out), *dates)

    @staticmethod
    def der_of(pem: Path) -> bytes:
        """The DER bytes of the (first) certificate in a PEM file."""
        return openssl("x509", "-in", str(pem), "-outform", "DER")

    @property
    def ca_der(self) -> bytes:
        """The root CA certificate, DER."""
        return self.der_of(self.ca_pem)

    @property
    def cert_der(self) -> bytes:
        """The TSA's certificate, DER."""
        return self.der_of(self.tsa_cert_pem)

    @property
    def key_pem(self) -> bytes:
        """The TSA's private key, PKCS#8 PEM (for tokens the tests re-sign)."""
        return self.tsa_key.read_bytes()

    def query(self, message: bytes, *, digest: str = "sha256", nonce: bool = True,
              cert: bool = True) -> bytes:
        """A TimeStampReq for `message` from `openssl ts -query` (DER)."""
        with self._lock:
            data = self.dir / "query.data"
            data.write_bytes(message)
            args = ["ts", "-query", "-data", str(data), f"-{digest}"]
            args += ["-cert"] if cert else []
            args += [] if nonce else ["-no_nonce"]
            return self._run(*args)

    def reply(self, request_der: bytes) -> bytes:
        """The TimeStampResp `openssl ts -reply` gives to a TimeStampReq (DER)."""
        with self._lock:
            request = self.dir / "request.tsq"
            request.write_bytes(request_der)
            return self._run("ts", "-reply", "-config", str(self.config),
                             "-queryfile", str(request))

    def stamp(self, message: bytes, *, digest: str = "sha256", nonce: bool = True,
              cert: bool = True) -> bytes:
        """A TimeStampToken (CMS ContentInfo, DER) for `message` from `openssl ts -reply`."""
        query = self.query(message, digest=digest, nonce=nonce, cert=cert)
        with self._lock:
            request = self.dir / "stamp.tsq"
            request.write_bytes(query)
            return self._run("ts", "-reply", "-config", str(self.config),
                             "-queryfile", str(request), "-token_out")

    def verifies(self, token: bytes, message: bytes, *, ca_pem: Path | None = None,
                 untrusted: Path | None = None) -> bool:
        """Whether `openssl ts -verify -data` accepts `token` for `message` under a CA file."""
        with self._lock:
            token_file, data = self.dir / "verify.tst", self.dir / "verify.data"
            token_file.write_bytes(token)
            data.write_bytes(message)
            args = [_openssl(), "ts", "-verify", "-token_in", "-in", str(token_file), "-data",
                    str(data), "-CAfile", str(ca_pem or self.ca_pem)]
            if untrusted is not None:
                args += ["-untrusted", str(untrusted)]
            result = subprocess.run(args, capture_output=True, check=False, timeout=60)
            return result.returncode == 0

    @contextmanager
    def serve(self) -> Iterator[str]:
        """Serve RFC 3161 over HTTP on 127.0.0.1 (a free port); yield the URL to POST to."""
        tsa = self

        class OpenSslTsaHandler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if tsa.down:
                    self._answer(503, "text/plain", b"the test TSA is down\n")
                elif self.headers.get("Content-Type") != "application/timestamp-query":
                    self._answer(415, "text/plain", b"send application/timestamp-query\n")
                else:
                    try:
                        reply = tsa.reply(body)
                    except RuntimeError as exc:
                        self._answer(400, "text/plain", str(exc).encode())
                        return
                    self._answer(200, "application/timestamp-reply", reply)

            def _answer(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), OpenSslTsaHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
