"""The dashboard (/dashboard) in a real browser, on a closed network: the figures it shows are
the `insights` query's answer, a filter change shows the filtered answer (and goes into the
URL), the English switch relabels everything, signing in sends the token, and the page runs
on a production service that accepts only its trusted documents."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from cli import DASHBOARD_MANIFEST
from domain.labels import CATEGORY_LABELS
from settings import Settings
from tests.browser.conftest import Watched, serving

pytestmark = pytest.mark.browser

DOCUMENTS = {
    operation["name"]: operation["body"]
    for operation in json.loads(DASHBOARD_MANIFEST.read_text())["operations"]
}


async def open_dashboard(watched: Watched, url: str) -> None:
    await watched.page.goto(url)
    await settled(watched)


async def settled(watched: Watched) -> None:
    """The page has shown the answer to its last request."""
    await watched.page.wait_for_selector("#figures .figure")
    await watched.page.wait_for_function("() => !document.body.dataset.loading")


async def insights(client, **filter_: Any) -> dict:
    return (await client.data(DOCUMENTS["DashboardInsights"], {"filter": filter_}))["insights"]


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


async def shown(watched: Watched) -> dict:
    """What the page shows, as raw values: the headline figures, the district table and the
    funnel's facts (each element carries the graph's value beside its formatted text), and the
    data each chart draws."""
    return await watched.page.evaluate(
        """() => {
          const value = (node) => JSON.parse(node.dataset.value);
          const figures = Object.fromEntries([...document.querySelectorAll('[data-figure]')]
            .map((node) => [node.dataset.figure, value(node.querySelector('.value'))]));
          const districts = [...document.querySelectorAll('#districts tbody tr')].map((row) => ({
            id: row.dataset.district,
            name: row.querySelector('th').textContent,
            ...Object.fromEntries([...row.querySelectorAll('td')]
              .map((cell) => [cell.dataset.column, value(cell)])),
          }));
          const funnel = Object.fromEntries([...document.querySelectorAll('#funnel dd')]
            .map((node) => [node.dataset.fact, value(node)]));
          const charts = Object.fromEntries([...document.querySelectorAll('.chart')].map((node) => {
            const option = echarts.getInstanceByDom(node)?.getOption();
            return [node.id, option && {
              x: option.xAxis?.[0]?.data, y: option.yAxis?.[0]?.data,
              series: option.series.map((series) => series.data),
            }];
          }));
          return {
            figures, districts, funnel, charts,
            texts: [...document.querySelectorAll('[data-figure] .value')].map((node) => node.textContent),
          };
        }"""
    )


def assert_shows(page: dict, expected: dict) -> None:
    total = expected["total"]
    assert page["figures"] == {key: total[key] for key in page["figures"]}
    assert set(page["figures"]) == set(total)
    # Whole numbers are shown as they are (with a thousands separator).
    assert page["texts"][0].replace(",", "") == str(total["demands"])
    by_district = {row["district"]["id"]: row for row in expected["byDistrict"]}
    replies = {row["district"]["id"]: row for row in expected["appealReplies"]}
    assert {row["id"] for row in page["districts"]} == set(by_district)
    for row in page["districts"]:
        reply = replies.get(
            row["id"], {"appeals": 0, "medianHoursToFirstReply": None, "repliedWithin24HoursRate": None}
        )
        wanted = {**by_district[row["id"]], **reply}
        assert {key: row[key] for key in row if key not in ("id", "name")} == {
            key: wanted[key] for key in row if key not in ("id", "name")
        }, row["id"]
    # Most unmet first: the table ranks the hot spots.
    unmet = [row["unmetUnits"] for row in page["districts"]]
    assert unmet == sorted(unmet, reverse=True)
    assert page["funnel"] == {key: expected["engagementFunnel"][key] for key in page["funnel"]}
    charts = page["charts"]
    assert charts["chart-categories"]["series"] == [
        [row[key] for row in expected["byCategory"]]
        for key in ("unitsNeeded", "unitsMatched", "unitsAvailable")
    ]
    # The heat map: one cell per (category, district) pair the graph gives, holding its unmet units.
    cells = charts["chart-hot-spots"]["series"][0]
    assert sorted(cell[2] for cell in cells) == sorted(
        row["unmetUnits"] for row in expected["byCategoryAndDistrict"]
    )
    assert len(charts["chart-hot-spots"]["x"]) == len(
        {row["district"]["id"] for row in expected["byCategoryAndDistrict"]}
    )
    assert charts["chart-timings"]["series"] == [
        [row[key] for row in expected["timeToMatch"]]
        for key in ("medianHoursToMatch", "p90HoursToMatch", "medianHoursToFulfil", "p90HoursToFulfil")
    ]
    assert sorted(
        charts["chart-replies"]["series"][0], key=lambda rate: -1 if rate is None else rate
    ) == sorted(
        (row["repliedWithin24HoursRate"] for row in expected["appealReplies"]),
        key=lambda rate: -1 if rate is None else rate,
    )
    trend = expected["monthlyTrend"]
    assert charts["chart-trend"]["x"] == [row["month"] for row in trend]
    assert charts["chart-trend"]["series"] == [
        [row[key] for row in trend]
        for key in ("volunteerHours", "demandsPublished", "resourcesPublished", "engagementsCompleted")
    ]


async def test_the_dashboard_shows_the_graphs_figures_and_follows_its_filters(
    watched, live_server, client
) -> None:
    everything = await insights(client)
    await open_dashboard(watched, f"{live_server}/dashboard")
    page = await shown(watched)
    assert_shows(page, everything)
    assert page["charts"]["chart-categories"]["x"] == [
        CATEGORY_LABELS[row["category"]][0] for row in everything["byCategory"]
    ]
    assert await watched.page.locator("h1").text_content() == "益无限 · 供需数据看板"
    await watched.screenshot("dashboard-zh", full_page=True)

    # The district with the most demands, chosen in the filter: the page shows its figures.
    busiest = max(everything["byDistrict"], key=lambda row: row["demands"])["district"]["id"]
    await watched.page.select_option("#filter-district", busiest)
    await settled(watched)
    in_district = await insights(client, district=busiest)
    assert in_district["total"]["demands"] < everything["total"]["demands"]
    assert_shows(await shown(watched), in_district)
    assert query_of(watched.page.url) == {"district": busiest}

    # Then a category and a start date too (a day in Beijing).
    await watched.page.select_option("#filter-category", "MATERIAL")
    await settled(watched)
    await watched.page.fill("#filter-since", "2026-03-01")
    await settled(watched)
    narrowed = await insights(
        client, district=busiest, category="MATERIAL", since="2026-03-01T00:00:00+08:00"
    )
    assert_shows(await shown(watched), narrowed)
    assert query_of(watched.page.url) == {"district": busiest, "category": "MATERIAL", "since": "2026-03-01"}

    # The URL keeps the view: opened again, the page shows the same filtered figures.
    await open_dashboard(watched, watched.page.url)
    assert_shows(await shown(watched), narrowed)
    assert await watched.page.input_value("#filter-category") == "MATERIAL"


async def test_the_english_switch_relabels_everything(watched, live_server, client) -> None:
    everything = await insights(client)
    districts = (await client.data(DOCUMENTS["DashboardDistricts"]))["districts"]["nodes"]
    english_names = {district["id"]: district["nameEn"] for district in districts}
    await open_dashboard(watched, f"{live_server}/dashboard")
    await watched.page.click("[data-language=en]")
    page = watched.page
    assert await page.locator("h1").text_content() == "Yi Wuxian · Supply and demand dashboard"
    assert await page.evaluate("document.documentElement.lang") == "en"
    assert query_of(page.url) == {"lang": "en"}
    shown_en = await shown(watched)
    assert_shows(shown_en, everything)
    assert [row["name"] for row in shown_en["districts"]] == [
        english_names[row["id"]] for row in shown_en["districts"]
    ]
    assert [name.lower() for name in shown_en["charts"]["chart-categories"]["x"]] == [
        CATEGORY_LABELS[row["category"]][1] for row in everything["byCategory"]
    ]
    options = await page.locator("#filter-category option").all_text_contents()
    assert [name.lower() for name in options[1:]] == [english for _, english in CATEGORY_LABELS.values()]
    # No Chinese left but the language button "中文" (names come from the graph in English too).
    visible = await page.locator("body > :not(header), header h1, header .account").all_inner_texts()
    visible = "".join(visible)
    assert not [char for char in visible if "\u4e00" <= char <= "\u9fff"], visible
    await watched.screenshot("dashboard-en", full_page=True)
    # And back.
    await page.click("[data-language=zh-CN]")
    assert await page.locator("h1").text_content() == "益无限 · 供需数据看板"
    assert query_of(page.url) == {}


async def test_signing_in_sends_the_token_with_every_request(watched, live_server, client) -> None:
    page = watched.page
    await open_dashboard(watched, f"{live_server}/dashboard")
    sent: list[str | None] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.headers.get("authorization")) if request.url.endswith("/graphql") else None
        ),
    )
    await page.fill("#sign-in [name=username]", "demo_admin")
    await page.fill("#sign-in [name=password]", "yiwuxian-demo")
    await page.click("#sign-in button")
    await page.wait_for_selector("#signed-in:not([hidden])")
    await settled(watched)
    assert "管理员" in (await page.locator("#viewer").text_content() or "")
    # Staff see the oversight panels: complaints by outcome, reputation by bucket.
    assert await page.locator("#oversight").is_visible()
    expected = await insights(client)
    charts = (await shown(watched))["charts"]
    assert [cell["value"] for cell in charts["chart-complaints"]["series"][0]] == [
        row["complaints"] for row in expected["complaintsByOutcome"]
    ]
    assert charts["chart-reputation"]["series"] == [
        [row["providers"] for row in expected["reputationDistribution"]]
    ]
    await watched.screenshot("dashboard-staff", full_page=True)
    token = await page.evaluate("sessionStorage.getItem('ywx.dashboard.token')")
    assert token
    # Staff find a home by name and see its own figures.
    await page.fill("#party-search", "妇女之家")
    await page.press("#party-search", "Enter")
    await page.wait_for_function("() => document.querySelectorAll('#filter-party option').length > 1")
    home = await page.locator("#filter-party option").nth(1).get_attribute("value")
    await page.select_option("#filter-party", home)
    await settled(watched)
    own = await client.post(
        DOCUMENTS["DashboardPartyInsights"], {"party": home, "filter": {}}, authorization=f"Bearer {token}"
    )
    assert_shows(await shown(watched), own["data"]["node"]["insights"])
    await page.click("#filter-reset")
    await settled(watched)
    assert sent[0] is None  # the login itself
    assert sent[1:] and all(header == f"Bearer {token}" for header in sent[1:])
    # Kept for the tab: a reload is still signed in.
    await open_dashboard(watched, page.url)
    await page.wait_for_selector("#signed-in:not([hidden])")
    await page.click("#sign-out")
    await page.wait_for_selector("#sign-in:not([hidden])")
    assert await page.locator("#oversight").is_hidden()
    assert await page.evaluate("sessionStorage.getItem('ywx.dashboard.token')") is None


async def test_a_home_manager_sees_her_homes_own_figures(watched, live_server, client) -> None:
    login = await client.data(
        DOCUMENTS["DashboardLogin"], {"input": {"username": "demo_home", "password": "yiwuxian-demo"}}
    )
    home = login["login"]["viewer"]["participant"]
    own = await client.post(
        DOCUMENTS["DashboardPartyInsights"],
        {"party": home["id"], "filter": {}},
        authorization=f"Bearer {login['login']['token']}",
    )
    assert "errors" not in own, own
    page = watched.page
    await open_dashboard(watched, f"{live_server}/dashboard")
    await page.fill("#sign-in [name=username]", "demo_home")
    await page.fill("#sign-in [name=password]", "yiwuxian-demo")
    await page.click("#sign-in button")
    await page.wait_for_selector("#party-filter:not([hidden])")
    assert await page.locator("#oversight").is_hidden()  # not staff
    await page.select_option("#filter-party", home["id"])
    await settled(watched)
    assert query_of(page.url) == {"party": home["id"]}
    assert home["name"] in (await page.locator("#scope").text_content() or "")
    assert_shows(await shown(watched), own["data"]["node"]["insights"])
    await watched.screenshot("dashboard-home", full_page=True)
    # Her home's figures are not the federation's.
    assert own["data"]["node"]["insights"]["total"] != (await insights(client))["total"]


async def test_a_wrong_password_is_said_on_the_page(watched, live_server) -> None:
    page = watched.page
    await open_dashboard(watched, f"{live_server}/dashboard")
    await page.fill("#sign-in [name=username]", "demo_admin")
    await page.fill("#sign-in [name=password]", "not-the-password")
    await page.click("#sign-in button")
    await page.wait_for_function("() => document.querySelector('#sign-in-error').textContent")
    assert await page.locator("#signed-in").is_hidden()


@pytest.fixture(scope="module")
async def trusted_only_server(demo_db) -> AsyncIterator[str]:
    """Production settings, running only the dashboard's trusted documents."""
    settings = Settings(env="production", jwt_secret="d" * 32, safelist=str(DASHBOARD_MANIFEST))
    async with serving(settings, demo_db) as base_url:
        yield base_url


async def test_the_dashboard_runs_on_a_service_that_takes_only_trusted_documents(
    watched, trusted_only_server, client
) -> None:
    await open_dashboard(watched, f"{trusted_only_server}/dashboard")
    assert_shows(await shown(watched), await insights(client))
