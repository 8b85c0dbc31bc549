"""Run many `ipledger-verify` commands through the one-file kit, in one interpreter (stdlib only).

`python -I -S kit_driver.py KIT.pyz CASES.json RESULTS.json`: CASES is a JSON list of
{"name", "argv"}; RESULTS gets {name: {"exit", "stdout"}} and what the interpreter could import.
Run with -I -S, nothing but the kit and the standard library can be imported.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys


def run(kit: str, cases_path: str, results_path: str) -> None:
    sys.path.insert(0, kit)
    absent = {name: importlib.util.find_spec(name) is None for name in ("Crypto", "fpdf")}
    from ipledger.verifier import cli  # from the kit, now first on sys.path

    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    results: dict[str, object] = {}
    for case in cases:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                code = cli.main(case["argv"])
            except SystemExit as exc:  # argparse: --version, usage errors
                code = exc.code if isinstance(exc.code, int) else 2
        results[case["name"]] = {"exit": code, "stdout": out.getvalue()}
    info = {
        "absent": absent,
        "cli": cli.__file__,
        "site": "site" in sys.modules,
        "version": list(sys.version_info[:3]),
    }
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump({"info": info, "results": results}, f)


if __name__ == "__main__":
    run(*sys.argv[1:4])
