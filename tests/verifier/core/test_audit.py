"""verifier/AUDIT.md names every module, inside the core and out, its size, and the budget."""

from __future__ import annotations

import re
from pathlib import Path

VERIFIER_DIR = Path(__file__).resolve().parents[3] / "verifier"
CORE_DIR = VERIFIER_DIR / "core"
AUDIT = VERIFIER_DIR / "AUDIT.md"
_ROW = re.compile(r"^\| `core/([\w/]+\.py)` \| ([\d,]+) \|", re.MULTILINE)
_OUTSIDE_ROW = re.compile(r"^\| `(\w+\.py)` \| ([\d,]+) \|", re.MULTILINE)
_TOTAL = re.compile(r"^\| \*\*Total\*\* \| \*\*([\d,]+)\*\* \|", re.MULTILINE)
_BUDGET = re.compile(r"\*\*Line budget: ([\d,]+) lines\.\*\*")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _true_counts() -> dict[str, int]:
    return {
        path.relative_to(CORE_DIR).as_posix(): len(path.read_text("utf-8").splitlines())
        for path in sorted(CORE_DIR.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def _audit() -> str:
    return AUDIT.read_text("utf-8")


def test_the_audit_list_names_every_core_module_with_its_size() -> None:
    rows = _ROW.findall(_audit())
    listed = {name: _number(lines) for name, lines in rows}
    assert len(listed) == len(rows), "a module is listed twice"
    assert listed == _true_counts()


def test_the_total_is_true_and_within_the_budget() -> None:
    text = _audit()
    (total,) = _TOTAL.findall(text)
    (budget,) = _BUDGET.findall(text)
    size = sum(_true_counts().values())
    assert _number(total) == size
    assert size <= _number(budget), f"the core is {size} lines, over its budget of {budget}"



def test_the_audit_list_names_what_is_outside_the_core() -> None:
    listed = {name: _number(lines) for name, lines in _OUTSIDE_ROW.findall(_audit())}
    outside = {
        path.name: len(path.read_text("utf-8").splitlines())
        for path in sorted(VERIFIER_DIR.glob("*.py"))
    }
    assert listed == outside
