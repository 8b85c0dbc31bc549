"""docs/timestamping.md "ipledger as a time-stamp authority": its commands run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ipledger.api.main import create_app
from ipledger.ledger.config import Settings
from ipledger.ledger.deployment import Deployment
from ipledger.ledger.tenants import create_key
from tests.api.conftest import Api
from tests.api.test_timestamp import _serving

DOC = Path(__file__).resolve().parents[2] / "docs" / "timestamping.md"
BIN = Path(sys.executable).parent


def _blocks() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## ipledger as a time-stamp authority\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_the_documented_commands_work(tmp_path: Path) -> None:
    init, operator, stamp = _blocks()
    data_dir = tmp_path / "office"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPLEDGER_")}
    env |= {"IPLEDGER_DATA_DIR": str(data_dir), "PATH": f"{BIN}:{env['PATH']}"}
    subprocess.run([str(BIN / "ipledger"), "init"], env=env, check=True, capture_output=True)
    shown = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", init], env=env, check=True, capture_output=True,
        text=True,
    ).stdout
    assert "ca file:" in shown and "policy:       2.25." in shown
    assert "--cert chain.pem --key tsa.key" in operator  # run in tests/api/cli/test_tsa.py
    customer = tmp_path / "customer"
    customer.mkdir()
    (customer / "claim.pdf").write_bytes(b"%PDF-1.7 claim\n")
    shutil.copy(data_dir / "tsa" / "ca.pem", customer / "ca.pem")
    settings = Settings(data_dir=data_dir, api_rate_per_second=0)
    deployment = Deployment.open(settings)
    key = create_key(deployment.engine, "office-a", ("submit",))[1]
    try:
        with TestClient(create_app(deployment)) as client, _serving(
            Api(client, deployment, deployment.log_signer, settings)
        ) as port:
            done = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", stamp], cwd=customer, check=True,
                env={**env, "API": f"http://127.0.0.1:{port}", "KEY": key},
                capture_output=True, text=True, timeout=120,
            )
    finally:
        deployment.close()
    assert "Verification: OK" in done.stdout
    assert "Policy OID: 2.25." in done.stdout and "Nonce: 0x" in done.stdout
