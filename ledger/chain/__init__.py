"""EVM chain plumbing: the managed anvil node, chain presets, the signer and web3 helpers."""

import sys

# py_ecc, which eth-account imports through eth-keyfile, raises the interpreter's recursion
# limit to 100,000 when imported. Deeply nested input (JSON metadata such as "[[[[...") then
# overflows the C stack and kills the process instead of raising RecursionError. Import it
# here, before any module of this package pulls in web3, and put the limit back.
_limit = sys.getrecursionlimit()
import py_ecc  # noqa: E402, F401

if sys.getrecursionlimit() == 100_000:
    sys.setrecursionlimit(_limit if _limit < 100_000 else 1000)
