"""Office-style 明细表 workbooks as centres really keep them, for the import tests."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["序号", "体系编号", "标准号", "名称", "宜定级别", "实施时间", "被代替标准号或作废", "备注", "起草单位"]


def workbook_bytes(rows, *, header=None, title="示例县政务服务中心标准明细表", sheet="明细表") -> bytes:
    """A title row (merged), a note row, a blank row, then the header and `rows`."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    header = header or HEADER
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(["编制：标准化办公室　　　2024年6月"])
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
        if len([v for v in row if v not in (None, "")]) == 1 and row and row[0]:
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="明细表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_CT)


OFFICE_ROWS = [
    ["100 服务通用基础标准体系"],
    ["101 标准化导则"],
    [1, "101-01", "GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则", "国家标准",
     dt.datetime(2020, 10, 1), "GB/T 1.1-2009", "", ""],
    [],
    ["301　服务规范"],
    [2, "３０１－０１ ", "ＧＢ／Ｔ　３２１６９．１－２０１５", "政务服务中心运行规范 第1部分：基本要求", "国家",
     "2016.06.01", "", "", "国家标准化管理委员会"],
    [3, "301-02", "DB41/T1234-2019", "政务服务大厅窗口服务规范（试行）", "", "2019/12/1", "", "待修订", ""],
    [4, "", "MZ/T 001-2013", "婚姻登记机关等级评定规范", "行业标准", "2013年9月1日", "", "", ""],
    [5, "301-05", "", "窗口服务质量监督检查规范", "", "", "", "待制定；2026年完成", "中心办公室"],
    [6, "301-06", "", "政务服务“好差评”工作规范", "地方", "", "", "拟采用", ""],
    ["注：本表每年复审一次。"],
]
