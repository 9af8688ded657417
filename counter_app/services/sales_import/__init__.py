"""Sales import (销售单导入) from the stores' POS exports: CSV (UTF-8, BOM, GBK) or XLSX."""

from counter_app.services.sales_import.rows import RowError, SaleRow
from counter_app.services.sales_import.service import ImportResult, import_sales

__all__ = ["ImportResult", "RowError", "SaleRow", "import_sales"]
