"""/docs and /redoc: served from the package's files, referencing no other host."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ipledger.api.docs_ui import STATIC_DIR
from tests.api.conftest import Api

_ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


def _assets(html: str) -> list[str]:
    return _ASSET.findall(html)


@pytest.mark.parametrize(("page", "kinds"), [
    ("/docs", {".js": "javascript", ".css": "text/css", ".png": "image/png"}),
    ("/redoc", {".js": "javascript", ".png": "image/png"}),
])
def test_docs_pages_reference_only_local_assets_that_answer(
    api: Api, page: str, kinds: dict[str, str]
) -> None:
    r = api.client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "http://" not in r.text and "https://" not in r.text, r.text
    urls = _assets(r.text)
    assert {Path(u).suffix for u in urls} == set(kinds), urls
    for url in urls:
        assert url.startswith("/static/docs/"), url
        asset = api.client.get(url)
        assert asset.status_code == 200, url
        assert kinds[Path(url).suffix] in asset.headers["content-type"], asset.headers
        assert asset.content == (STATIC_DIR / Path(url).name).read_bytes()
    assert "/openapi.json" in r.text
    assert api.client.get("/openapi.json").status_code == 200


def test_docs_pages_are_not_in_the_api_document(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    assert not any(p.startswith(("/docs", "/redoc", "/static")) for p in paths)


def test_static_files_are_the_pinned_npm_files() -> None:
    sources = json.loads((STATIC_DIR / "SOURCES.json").read_text())
    assert set(sources["packages"]) == {"swagger-ui-dist@5.35.0", "redoc@2.5.4"}
    for name, source in sources["files"].items():
        assert source["npm"] in sources["packages"]
        digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()
        assert digest == source["sha256"], f"{name} differs from {source['npm']}"
    present = {p.name for p in STATIC_DIR.iterdir()} - {"SOURCES.json"}
    assert present == set(sources["files"])


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
@pytest.mark.parametrize(("page", "rendered"), [
    ("/docs", 'class="swagger-ui"'),
    ("/redoc", "api-content"),
])
def test_a_browser_without_internet_renders_the_docs(
    served: int, page: str, rendered: str, tmp_path: Path
) -> None:
    # --host-resolver-rules makes every name but localhost unresolvable: no internet.
    out = subprocess.run(
        [_chromium() or "", "--headless", "--no-sandbox", "--disable-gpu",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         f"--user-data-dir={tmp_path}", "--virtual-time-budget=15000", "--dump-dom",
         f"http://127.0.0.1:{served}{page}"],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert rendered in out, out[-2000:]
    assert "/v1/entries" in out  # the operations, read from /openapi.json, are shown
