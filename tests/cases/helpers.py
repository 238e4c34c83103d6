"""Case test data: export files as the hall system writes them."""

from tests.evaluation.helpers import csv_upload, xlsx_upload

HEADER = ["办件编号", "事项名称", "实施部门", "受理时间", "办结时间", "办理状态", "承诺时限"]

__all__ = ["HEADER", "csv_upload", "export_csv", "xlsx_upload"]


def export_csv(rows, header=HEADER, name="办件导出.csv") -> object:
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    return csv_upload("\n".join(lines) + "\n", name=name)
