"""The full `ipledger` command: the ledger's commands plus the service's."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ledger.cli import app
from ledger.cli import main as ledger_main


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ipledger` console script."""
    return ledger_main(argv, app)


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script wrapper: exit with `main`'s code."""
    sys.exit(main())
