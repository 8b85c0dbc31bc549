"""JSON nesting bounded before parsing: the recursion limit is no defence (py_ecc raises it)."""

from __future__ import annotations

import re

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def exceeds_depth(text: str, max_depth: int) -> bool:
    """Return True when arrays and objects in `text` nest deeper than `max_depth`.

    Strings are skipped, so brackets inside them do not count. Run this before
    `json.loads`: a library imported by the service (py_ecc, via web3) sets
    sys.setrecursionlimit(100000), and the C JSON decoder then overflows the stack
    on deep input instead of raising RecursionError.
    """
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False
