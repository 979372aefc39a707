"""Filters (region, year, level, report) as the mask of the passages they allow, made once per
distinct filter and remembered."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np

from index.models import Document
from qa.analyse.filters import Filters, check_known_values, known_values, parse_filters
from qa.retrieve.rows import RowTable

FILTER_MEMO = 64


class AllowedRows:
    """The passages a filter allows, as a boolean mask over the rows (``None``: all)."""

    def __init__(self, documents: Sequence[Document], table: RowTable) -> None:
        self._documents = documents
        self._table = table
        self._masks: OrderedDict[Filters, np.ndarray] = OrderedDict()

    def filters(self, raw: Mapping[str, Any] | Filters | None) -> Filters:
        """Checked filters: a value no report has (a region, a level) is an error."""
        filters = raw if isinstance(raw, Filters) else parse_filters(raw)
        if not filters.empty and filters not in self._masks:
            check_known_values(filters, self._known)
        return filters

    @cached_property
    def _known(self) -> dict[str, frozenset[str]]:
        """Each checked field's values over the reports, gathered at the first filter."""
        return known_values(self._documents)

    def mask(self, filters: Filters) -> np.ndarray | None:
        if filters.empty:
            return None
        mask = self._masks.get(filters)
        if mask is None:  # one pass over the reports per distinct filter, then remembered
            ids = [d.doc_id for d in self._documents if filters.allows(d)]
            mask = self._masks[filters] = self._table.row_mask(self._table.doc_mask(ids))
            while len(self._masks) > FILTER_MEMO:
                self._masks.popitem(last=False)
        return mask
