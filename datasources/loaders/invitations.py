from __future__ import annotations

from datasources.loaders.base import RowByIdLoader
from datasources.tables import Invitation


class InvitationByIdLoader(RowByIdLoader):
    table = Invitation.__table__
