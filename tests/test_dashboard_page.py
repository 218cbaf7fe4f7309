"""The dashboard's page (/dashboard) as served: a Content-Security-Policy, every asset from this
service, and its trusted documents: the manifest is what `./dev trusted-documents` writes, and
each of its queries runs on the graph."""

from __future__ import annotations

import json
import re

from cli import DASHBOARD_MANIFEST, dashboard_manifest


async def test_the_dashboard_has_a_content_security_policy(client) -> None:
    page = await client.http.get("/dashboard")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "https:" not in policy


async def test_the_dashboard_is_served_whole_by_the_service(client) -> None:
    page = (await client.http.get("/dashboard")).text
    assert "<script>" not in page and "style=" not in page  # nothing inline
    assets = [asset for asset in re.findall(r'(?:src|href)="([^"]+)"', page) if not asset.startswith("data:")]
    assert "/static/vendor/echarts-5.6.0/echarts.min.js" in assets
    for asset in [*assets, "/static/dashboard/trusted-documents.json"]:
        assert asset.startswith("/static/"), asset
        response = await client.http.get(asset)
        assert response.status_code == 200, asset


def test_the_manifest_is_written_from_the_documents() -> None:
    """static/dashboard/trusted-documents.json is what `./dev trusted-documents` writes (run it
    after changing a document in static/dashboard/documents/)."""
    assert json.loads(DASHBOARD_MANIFEST.read_text()) == dashboard_manifest()


async def test_each_dashboard_document_runs_on_the_graph(client) -> None:
    """Each document, as staff would send it: no error, and data."""
    documents = {operation["name"]: operation["body"] for operation in dashboard_manifest()["operations"]}
    login = await client.data(
        documents["DashboardLogin"], {"input": {"username": "demo_admin", "password": "yiwuxian-demo"}}
    )
    bearer = f"Bearer {login['login']['token']}"
    parties = await client.post(documents["DashboardParties"], {"search": "妇女之家"}, authorization=bearer)
    home = parties["data"]["homes"]["nodes"][0]
    variables = {
        "DashboardInsights": {"filter": {}},
        "DashboardPartyInsights": {"party": home["id"], "filter": {}},
        "DashboardParties": {"search": "妇女之家"},
    }
    for name, document in documents.items():
        if name == "DashboardLogin":
            continue
        answer = await client.post(document, variables.get(name), authorization=bearer)
        assert "errors" not in answer and answer["data"], (name, answer)
