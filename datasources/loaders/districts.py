from __future__ import annotations

from datasources.loaders.base import RowByIdLoader
from datasources.tables import District


class DistrictByIdLoader(RowByIdLoader):
    table = District.__table__
