"""JSON nesting bounded before parsing: the recursion limit is no defence (py_ecc raises it)."""

from __future__ import annotations

import re

# A string token (possibly unterminated: it then runs to the end) or a bracket. Possessive
# and never failing, so the scan is linear: `"(...)*"` alone retried every `"` of an
# unterminated string like `"\"\"\"...` and took quadratic time (hours on 1 MiB).
_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?|[\[\]{}]', re.DOTALL)


def exceeds_depth(text: str, max_depth: int) -> bool:
    """Return True when arrays and objects in `text` nest deeper than `max_depth`.

    Strings are skipped, so brackets inside them do not count. Run this before
    `json.loads`: a library imported by the service (py_ecc, via web3) sets
    sys.setrecursionlimit(100000), and the C JSON decoder then overflows the stack
    on deep input instead of raising RecursionError. Time is linear in `len(text)`.
    """
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False
