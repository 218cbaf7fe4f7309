"""No N+1: statements per request depend on the query's shape, not on how many rows return."""

from __future__ import annotations

# The path of the issue: a home -> its demands -> their engagements -> the resource -> its
# provider -> the provider's ratings, with counts at every level.
PATH = """
query($n: Int!) {
  homes(first: $n) {
    totalCount
    nodes {
      name
      demands(first: $n) {
        totalCount
        nodes {
          title
          engagements(first: $n) {
            totalCount
            nodes {
              status
              resource {
                title
                provider {
                  name reputation { score }
                  ratingsReceived(first: $n) { totalCount nodes { score quality } }
                }
              }
            }
          }
        }
      }
    }
  }
}
"""

# Everything at once; the same objects are reached by several paths here.
DEEP = """
query($n: Int!) {
  homes(first: $n) {
    totalCount
    nodes {
      name district { name }
      reputation { score }
      demands(first: $n) {
        totalCount
        nodes {
          title requester { name }
          engagements(first: $n) {
            nodes {
              status
              resource {
                title serviceDistricts { code }
                provider {
                  __typename name
                  ... on Organization { admissionHistory { toStatus } }
                  ratingsReceived(first: $n) { totalCount nodes { score rater { name } } }
                }
              }
              ratings { score ratee { name } }
            }
          }
        }
      }
      engagements(first: $n) { totalCount nodes { status demand { title } } }
    }
  }
}
"""

DASHBOARD = """
query($n: Int!) {
  organizations(first: $n) {
    nodes {
      name kind status reputation { average count score }
      resources(first: $n) {
        nodes {
          title category quantityAvailable
          engagements(first: $n) { nodes { status ratings { score quality } } }
        }
      }
      ratingsReceived(first: $n) { nodes { score quality } }
    }
  }
}
"""


async def test_deep_path_costs_the_same_statements_at_5_and_at_100(uncapped_client) -> None:
    small = await uncapped_client.statements(PATH, {"n": 5})
    large = await uncapped_client.statements(PATH, {"n": 100})
    # One statement per level and one per totalCount: 2 + 2 + 2 + 1 + 1 + 2.
    assert len(small) == len(large) == 10, (small, large)


async def test_overlapping_paths_never_cost_more_at_a_larger_page(uncapped_client) -> None:
    small = await uncapped_client.statements(DEEP, {"n": 5})
    large = await uncapped_client.statements(DEEP, {"n": 100})
    # Objects reached again by another path come from the request's loader cache, so a
    # larger page can only save statements (more of them are already loaded), never add.
    assert len(large) <= len(small) <= 22, (small, large)


async def test_partner_dashboard_statements_do_not_grow_with_page_size(uncapped_client) -> None:
    small = await uncapped_client.statements(DASHBOARD, {"n": 2})
    large = await uncapped_client.statements(DASHBOARD, {"n": 50})
    assert len(small) == len(large)


async def test_the_deep_query_returns_rows_at_every_level(uncapped_client) -> None:
    data = await uncapped_client.data(DEEP, {"n": 100})
    homes = data["homes"]["nodes"]
    demands = [d for h in homes for d in h["demands"]["nodes"]]
    engagements = [e for d in demands for e in d["engagements"]["nodes"]]
    providers = [e["resource"]["provider"] for e in engagements if e["resource"]]
    assert homes and demands and engagements and providers
    assert any(p["ratingsReceived"]["nodes"] for p in providers)


SUPERVISION = """
query($n: Int!) {
  organizations(first: $n) {
    nodes {
      name
      supervisionRecord {
        complaintCount openComplaintCount upheldComplaintCount warningCount suspensionCount
      }
    }
  }
}
"""


async def test_supervision_records_cost_one_statement_for_a_whole_page(uncapped_client) -> None:
    small = await uncapped_client.statements(SUPERVISION, {"n": 5})
    large = await uncapped_client.statements(SUPERVISION, {"n": 100})
    # The page, then every organization's supervision record in one statement.
    assert len(small) == len(large) == 2, (small, large)
    records = [
        o["supervisionRecord"]
        for o in (await uncapped_client.data(SUPERVISION, {"n": 100}))["organizations"]["nodes"]
    ]
    assert sum(r["complaintCount"] for r in records) > 0 and sum(r["suspensionCount"] for r in records) > 0
