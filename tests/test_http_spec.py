"""GraphQL over HTTP by the spec (docs/operations.md, "HTTP and failures"): the media type the
client accepts and its status codes, a GraphQL-shaped JSON body for every refusal, the
requests the spec refuses, and the security headers. CI also runs the spec's own audit suite
against a live server (.ci/http-audit)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

SPEC = "application/graphql-response+json"
LOGIN = """mutation($input: LoginInput!) { login(input: $input) { token userErrors { code } } }"""


async def post(client, body: Any = None, *, content: bytes | None = None, **headers: str):
    if content is not None:
        return await client.http.post("/graphql", content=content, headers=headers)
    return await client.http.post("/graphql", json=body, headers=headers)


async def test_the_spec_media_type_when_the_client_accepts_it(client) -> None:
    ok = await post(client, {"query": "{ __typename }"}, accept=SPEC)
    assert (ok.status_code, ok.headers["content-type"]) == (200, SPEC)
    assert ok.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize(
    "query",
    ["{ notAField }", "{ unclosed", "query Q($id: ID!) { node(id: $id) { id } }"],
    ids=["invalid", "unparsable", "variables-not-coerced"],
)
async def test_a_request_error_is_400_without_data_under_the_spec_media_type(client, query) -> None:
    spec = await post(client, {"query": query, "variables": {"id": None}}, accept=SPEC)
    assert (spec.status_code, spec.headers["content-type"]) == (400, SPEC)
    assert "data" not in spec.json()
    assert spec.json()["errors"]
    # application/json keeps 200 for every GraphQL response (legacy clients read the body).
    legacy = await post(client, {"query": query, "variables": {"id": None}}, accept="application/json")
    assert (legacy.status_code, legacy.headers["content-type"]) == (200, "application/json")
    assert "data" not in legacy.json()


async def test_json_is_what_a_client_gets_for_anything_or_no_accept_header(client) -> None:
    for accept in ("*/*", "application/json", f"application/json, {SPEC};q=0.5"):
        response = await post(client, {"query": "{ __typename }"}, accept=accept)
        assert response.headers["content-type"] == "application/json", accept
    preferred = await post(client, {"query": "{ __typename }"}, accept=f"application/json;q=0.5, {SPEC}")
    assert preferred.headers["content-type"] == SPEC


async def test_406_when_nothing_acceptable_is_offered(client) -> None:
    response = await post(client, {"query": "{ __typename }"}, accept="application/xml")
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    ("body", "content", "headers", "status"),
    [
        (None, b'{ "not json', {"content-type": "application/json"}, 400),
        ([{"query": "{ __typename }"}], None, {}, 400),
        ({"variables": {}}, None, {}, 400),
        (None, b"{ __typename }", {"content-type": "text/plain"}, 415),
        (None, b'{"query": "{ __typename }"}', {}, 415),
        ({"query": 7}, None, {}, 400),
    ],
    ids=[
        "malformed-json",
        "batch",
        "no-query",
        "wrong-content-type",
        "no-content-type",
        "query-not-a-string",
    ],
)
async def test_every_refusal_before_graphql_has_a_graphql_shaped_json_body(
    client, body, content, headers, status
) -> None:
    for accept, media_type in (("application/json", "application/json"), (SPEC, SPEC)):
        response = await post(client, body, content=content, accept=accept, **headers)
        assert response.status_code == status
        assert response.headers["content-type"] == media_type
        (error,) = response.json()["errors"]
        assert error["message"]
        assert error["extensions"]["code"] in ("BAD_REQUEST", "UNSUPPORTED_MEDIA_TYPE")
        assert "data" not in response.json()


async def test_several_operations_without_an_operation_name_are_refused(client) -> None:
    document = "query A { districts { totalCount } } query B { __typename }"
    refused = await post(client, {"query": document})
    assert refused.status_code == 200
    assert "data" not in refused.json()
    assert "operationName" in refused.json()["errors"][0]["message"]
    spec = await post(client, {"query": document}, accept=SPEC)
    assert spec.status_code == 400
    named = await post(client, {"query": document, "operationName": "B"})
    assert named.json()["data"] == {"__typename": "Query"}


async def test_a_subscription_over_http_is_a_client_error(client) -> None:
    for request in (
        client.http.post("/graphql", json={"query": "subscription { demandPublished { id } }"}),
        client.http.get(
            "/graphql",
            params={"query": "subscription { demandPublished { id } }"},
            headers={"apollo-require-preflight": "true"},  # past the CSRF rule (limits.py)
        ),
    ):
        response = await request
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_REQUEST"
        assert "WebSocket" in error["message"]


async def test_nosniff_everywhere_and_no_store_on_signed_in_answers(client) -> None:
    anonymous = await post(client, {"query": "{ __typename }"})
    assert anonymous.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in anonymous.headers.get("cache-control", "")
    login = await post(
        client,
        {"query": LOGIN, "variables": {"input": {"username": "demo_admin", "password": "yiwuxian-demo"}}},
    )
    token = login.json()["data"]["login"]["token"]
    signed_in = await post(client, {"query": "{ __typename }"}, authorization=f"Bearer {token}")
    refused = await post(client, {"query": "{ __typename }"}, authorization="Bearer not-a-token")
    for response in (signed_in, refused):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
    assert refused.status_code == 401
    assert (await client.http.get("/healthz")).headers["x-content-type-options"] == "nosniff"


async def test_graphiql_has_a_content_security_policy(client) -> None:
    page = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self';" in policy  # no inline script, no CDN
    assert "unsafe-inline" not in policy and "https:" not in policy


async def test_graphiql_is_served_whole_by_the_service(client) -> None:
    """Every script and stylesheet of GraphiQL's page comes from this service (a closed
    network has no CDN), and each is served."""
    page = (await client.http.get("/graphql", headers={"accept": "text/html"})).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "https://" not in page and "http://" not in page
    assert any(asset.endswith("graphiql.min.js") for asset in assets)
    for asset in assets:
        if asset.startswith("data:"):
            continue
        assert asset.startswith("/static/"), asset
        response = await client.http.get(asset)
        assert response.status_code == 200, asset
        assert response.headers["x-content-type-options"] == "nosniff"


def test_vendored_assets_match_their_checksums() -> None:
    """static/vendor/SHA256SUMS pins each vendored file (static/vendor/fetch.sh re-fetches them)."""
    vendor = Path(__file__).parent.parent / "static" / "vendor"
    lines = (vendor / "SHA256SUMS").read_text().splitlines()
    assert lines
    for line in lines:
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    licences = {path.parent.name for path in vendor.glob("*/LICENSE")}
    assert licences == {path.parent.name for path in vendor.glob("*/*.js")}


async def _without_language(client, body: dict) -> httpx.Response:
    """A POST with no Accept-Language at all (the test clients ask for English)."""
    request = client.http.build_request("POST", "/graphql", json=body)
    del request.headers["accept-language"]
    return await client.http.send(request)


async def test_graphql_errors_follow_accept_language(client) -> None:
    """GraphQL-level errors are said in Chinese by default (as user errors are), the English
    original in `extensions.detail`; in English with `Accept-Language: en`."""
    query = {"query": '{ node(id: "RGVtYW5kOjk5OTk5OQ==") { id } }'}  # Demand:999999
    chinese = (
        await client.http.post("/graphql", json=query, headers={"accept-language": "zh-CN,zh;q=0.9"})
    ).json()
    english = (await client.http.post("/graphql", json=query, headers={"accept-language": "en"})).json()
    plain = (await _without_language(client, query)).json()
    [error] = chinese["errors"]
    assert error["message"] == "找不到参数id所指的对象"
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert plain == chinese
    assert error["extensions"]["detail"] == english["errors"][0]["message"]
    assert "global id" in english["errors"][0]["message"]


async def test_chinese_is_sent_as_utf8_not_escaped(client) -> None:
    response = await post(client, {"query": "{ homes(first: 3) { nodes { district { name } } } }"})
    names = [home["district"]["name"] for home in response.json()["data"]["homes"]["nodes"]]
    assert names and all(name.endswith("区") for name in names)
    assert names[0].encode() in response.content
    assert b"\\u" not in response.content


@pytest.mark.parametrize(
    ("document", "variables", "code", "chinese"),
    [
        ("{ insights {", {}, "GRAPHQL_PARSE_FAILED", "查询文档有语法错误"),
        ("{ nope }", {}, "GRAPHQL_VALIDATION_FAILED", "查询文档与本服务的模式不符"),
        (
            "query($f: InsightFilter) { insights(filter: $f) { total { demands } } }",
            {"f": {"category": "X"}},
            "BAD_USER_INPUT",
            "变量$f的值不正确",
        ),
        ("{ complaints(first: 1) { totalCount } }", {}, "FORBIDDEN", "您没有权限查看或执行此操作"),
        (
            "{ demands(first: 100) { nodes { engagements(first: 100) { nodes { id } } } } }",
            {},
            "QUERY_TOO_COMPLEX",
            "查询过于复杂（代价10201，上限5000）",
        ),
    ],
)
async def test_every_kind_of_graphql_error_is_said_in_chinese_unless_english_is_asked(
    client, document: str, variables: dict, code: str, chinese: str
) -> None:
    body = {"query": document, "variables": variables}
    [error] = (await _without_language(client, body)).json()["errors"]
    [english] = (await client.http.post("/graphql", json=body, headers={"accept-language": "en-US"})).json()[
        "errors"
    ]
    assert error["message"].startswith(chinese) and error["extensions"]["code"] == code
    assert error["extensions"]["detail"] == english["message"] and english["message"].isascii()
