"""`Account.personalData`: everything held about the account holder, read in one connection
(the policy, auth/privacy.py, lets only the account itself through)."""

from __future__ import annotations

from typing import Any

from datasources.queries.personal_data import personal_data as document_of
from resolvers.context import Info


async def personal_data(info: Info, account_id: int) -> dict[str, Any]:
    async with info.context.engine.connect() as connection:
        return await document_of(connection, account_id)
