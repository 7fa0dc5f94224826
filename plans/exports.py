"""What every changelist export shares (xlsx, CSV through django-import-export): the formats, the
export form, and how a column, a number, a share and the responsible units are written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

EXPORT_FORMATS = [XLSX, CSV]


class ExportForm(SelectableFieldsExportForm):
    """The export page lists each column by its Chinese header, not "Unit Of Measure (计量单位)"."""

    def _get_field_label(self, resource: Any, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None else field_name


def plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def share(value: Decimal | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def column(name: str, label: Any) -> Field:
    return Field(attribute=name, column_name=label)


def names_of(responsibilities: Any) -> str:
    return "、".join(r.unit.name for r in responsibilities.all())
