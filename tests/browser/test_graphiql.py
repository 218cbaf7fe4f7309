"""GraphiQL in a real browser, on a closed network: it loads from the service alone, runs a
query and shows its result, and the README's sign-in flow (login, then the Headers pane) works."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser

QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
RESULT = ".graphiql-response .CodeMirror"


async def open_graphiql(watched: Watched, base_url: str) -> None:
    await watched.page.goto(f"{base_url}/graphql")
    # The editor only exists once React and GraphiQL ran (the page alone says "Loading...").
    await watched.page.wait_for_selector(QUERY_EDITOR)
    # The schema arrived (introspection): the documentation explorer can open.
    await watched.page.wait_for_selector(".graphiql-execute-button:not([disabled])")


async def run(watched: Watched, query: str) -> dict:
    """Type `query` into the editor as a person would, run it with the play button, and read
    the result pane."""
    page = watched.page
    await page.click(QUERY_EDITOR)
    await page.keyboard.press("Control+A")
    await page.keyboard.insert_text(query)
    # GraphiQL reads the operation's name from the editor after a debounce (at most 500 ms).
    await page.wait_for_timeout(600)
    await page.click(".graphiql-execute-button")
    await page.wait_for_function(
        "selector => document.querySelector(selector)?.CodeMirror.getValue().includes('\"data\"')",
        arg=RESULT,
    )
    return json.loads(
        await page.evaluate("selector => document.querySelector(selector).CodeMirror.getValue()", RESULT)
    )


async def test_graphiql_runs_a_query_and_shows_its_result(watched, live_server, client) -> None:
    query = "query FirstHomes { homes(first: 3) { totalCount nodes { name district { name } } } }"
    expected = await client.data(query)
    await open_graphiql(watched, live_server)
    shown = await run(watched, query)
    assert shown["data"] == expected
    # The result is on the screen, not only in the editor's model.
    first = expected["homes"]["nodes"][0]["name"]
    assert await watched.page.locator(".graphiql-response", has_text=first).count() == 1
    await watched.screenshot("graphiql-query")


async def test_signing_in_through_the_headers_pane(watched, live_server) -> None:
    await open_graphiql(watched, live_server)
    anonymous = await run(watched, "query Me { viewer { username roles } }")
    assert anonymous["data"]["viewer"] is None
    login = await run(
        watched,
        'mutation Login { login(input: {username: "demo_home", password: "yiwuxian-demo"}) '
        "{ token userErrors { code message } } }",
    )
    token = login["data"]["login"]["token"]
    assert token
    page = watched.page
    await page.get_by_role("button", name="Headers").click()
    await page.click(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
    await page.keyboard.insert_text(json.dumps({"Authorization": f"Bearer {token}"}))
    signed_in = await run(watched, "query Me { viewer { username roles } }")
    assert signed_in["data"]["viewer"] == {"username": "demo_home", "roles": ["HOME_MANAGER"]}
    await watched.screenshot("graphiql-signed-in")
