"""The service's commands: tenants' API keys created, listed and revoked."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipledger.api.cli import main


def test_keys_create_list_revoke(log_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "EPO", "--scope", "submit", "--dir", str(log_dir)]) == 0
    out = capsys.readouterr().out
    secret = next(line for line in out.splitlines() if line.startswith("ipl_"))
    key_id = secret.split("_")[1]
    assert main(["keys", "list", "--dir", str(log_dir)]) == 0
    listed = capsys.readouterr().out
    assert key_id in listed and "EPO" in listed and secret not in listed
    assert main(["keys", "revoke", key_id, "--dir", str(log_dir)]) == 0
    assert main(["keys", "revoke", "unknown", "--dir", str(log_dir)]) != 0
    assert main(["keys", "create", "x", "--scope", "admin", "--dir", str(log_dir)]) != 0
    assert "unknown scope" in capsys.readouterr().err
