"""docs/privacy.md, generated from the policy itself (auth/privacy.py and auth/visibility.py).

Regenerate with `.venv/bin/python -m auth.policy_doc > docs/privacy.md`; a test fails when
the committed file differs, so the document can never drift from the code.
"""

from __future__ import annotations

import sys

from auth.privacy import AUDIENCE_TEXT, FREE_TEXTS, PERSONAL_FIELDS, Audience
from auth.visibility import RECORD_RULES, STAFF

HEADER = """\
# Privacy policy: who sees what

Generated from `auth/privacy.py` (personal fields) and `auth/visibility.py` (restricted
records) by `python -m auth.policy_doc`; the resolvers enforce these tables and
`tests/auth/test_privacy_matrix.py` walks every role against them. Do not edit by hand.

## Who is who

| audience | who |
|---|---|
"""

FIELDS_INTRO = """
## Personal fields

Anyone else reading one of these fields gets `null` and an error at that path with
`extensions.code` `FORBIDDEN`; the rest of the response still arrives. Personal columns are
never searched, never offered as an ordering, and never used in a filter.

| field | stored in | """

FREE_TEXTS_INTRO = """
## Free text

Text that people write may name people and give their numbers. Where it is written to or
about a person (an engagement's note, a rating's comment) it is a personal field above. Every
other free text of the graph, and why it is not:

| field | why it is not personal |
|---|---|
"""

RECORDS_INTRO = """
## Restricted records

Everyone else does not see these rows at all: lists and `totalCount` leave them out, and
`node`, `nodes`, nested links and `_entities` answer as if they did not exist (NOT_FOUND, or
null on a link). Federation staff see every record.

| type | restricted rows | who else sees them |
|---|---|---|
"""

FOOTER = """
## Notes

- SELF is the account itself for `Account` fields, and any account acting for the
  participant for the participant's fields (a home's own accounts for `Home.manager`, an
  organization's members for its contact).
- The counterparty of an engagement is the demand's requester for the resource's provider,
  and the other way round; of a volunteer application, the volunteer and the position's
  provider. Access lasts while the engagement or application is ACCEPTED: once completed,
  declined or cancelled it ends.
- `Home.appeals` is refused (null and FORBIDDEN) to everyone but the home's own accounts and
  staff; `appeal(trackingCode:)` shows an appeal to whoever holds its code, but never its
  contact details unless the reader is the home's manager or staff.
- `Home.insights` and `Organization.insights` (the participant's own dashboard figures:
  aggregates, no personal data, but not the public's business) are refused (null and
  FORBIDDEN) to everyone but the participant's own accounts and staff; the federation-wide
  `insights` is public.
- `complaints` (the queue) is refused (null and FORBIDDEN) to everyone but staff;
  `complaint(trackingCode:)` shows a complaint to whoever holds its code, but never the
  complainant's contact details or the supervisors' actions unless the reader is staff. The
  participant complained about sees only the public counts of `supervisionRecord`.
- Authentication failures (a bad, expired or foreign token) refuse the whole request with
  HTTP 401; see docs/auth.md.
"""


def _mark(field_audiences: frozenset[Audience], audience: Audience) -> str:
    return "yes" if audience in field_audiences else "–"


def render() -> str:
    lines = [HEADER.rstrip("\n")]
    lines += [f"| {audience} | {AUDIENCE_TEXT[audience]} |" for audience in Audience]
    lines.append(
        FIELDS_INTRO.rstrip("\n") + " | ".join(str(audience) for audience in Audience) + " | anyone else |"
    )
    lines.append("|---|---|" + "---|" * len(Audience) + "---|")
    for field in PERSONAL_FIELDS:
        marks = " | ".join(_mark(field.audiences, audience) for audience in Audience)
        lines.append(f"| `{field.path}` | {', '.join(field.columns)} | {marks} | – |")
    lines.append(FREE_TEXTS_INTRO.rstrip("\n"))
    lines += [f"| `{path}` | {why} |" for path, why in FREE_TEXTS.items()]
    lines.append(RECORDS_INTRO.rstrip("\n"))
    for rule in RECORD_RULES.values():
        lines.append(f"| `{rule.type_name}` | {rule.restricted} | {rule.owner.who}; {STAFF} |")
    lines.append(FOOTER.rstrip("\n"))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
