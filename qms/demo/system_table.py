"""Demo for the standard-system table: an office's own 明细表 workbook to try the import with.

Writes var/demo/标准明细表示例.xlsx, kept the way offices keep theirs (a title row, section rows
such as "301 服务规范", a full-width code, dates typed as text). Importing it shows every kind of
preview row: standards the centre already has (unchanged), one renamed (updated), and new ones,
adopted and still to be drafted (created). Rewritten on every run; reads the standards loaded
before it and does nothing harmful without them."""

from django.conf import settings

from standards.models import EditionStatus, Standard, StandardStatus, SystemNode
from standards.numbers import next_code

HEADER = ["序号", "体系编号", "标准号", "标准名称", "宜定级别", "实施时间", "被代替标准号或作废", "备注"]
NEW = [
    # node, number, name, level, effective_on (as typed), notes
    ("301", "GB/T 36112-2018", "政务服务中心服务现场管理规范", "国家标准", "2018.10.1", ""),
    ("303", "GB/T 36113-2018", "政务服务中心服务投诉处置规范", "国家标准", "2018年10月1日", ""),
    ("302", "", "窗口延时错时服务工作规范", "企业标准", "", "待制定；2026年第三季度完成"),
    ("302", "", "政务服务“跨省通办”工作规范", "企业标准", "", "待制定"),
]


def load(stdout):
    from openpyxl import Workbook

    path = settings.BASE_DIR / "var" / "demo" / "标准明细表示例.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "明细表"
    ws.append(["标准明细表（办公室自存）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(["编制：标准化办公室　　说明：带“待制定”的为计划标准"])
    ws.append(HEADER)
    rows = _existing_rows() + _new_rows()
    seq = 0
    for node_code in sorted({r[0] for r in rows}):
        node = SystemNode.objects.filter(code=node_code).first()
        ws.append([f"{node_code} {node.name if node else ''}".strip()])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(HEADER))
        for row in (r for r in rows if r[0] == node_code):
            seq += 1
            ws.append([seq, *row[1:]])
    workbook.save(path)
    stdout.write(f"  标准明细表示例（用于试用导入）：{path}（{seq} 行）\n")


def _existing_rows() -> list[list]:
    """A few standards the centre already has, as written in its own table; the last one renamed."""
    rows = []
    standards = Standard.objects.filter(status=StandardStatus.IN_FORCE, node__code__in=["301", "302"]) \
        .order_by("code")[:4]
    for index, standard in enumerate(standards):
        edition = standard.editions.filter(status=EditionStatus.IN_FORCE).first()
        code = standard.code.translate(str.maketrans("0123456789-", "０１２３４５６７８９－")) if index == 0 else standard.code
        name = standard.name + ("（2026年修订）" if index == 3 else "")
        effective = edition.effective_on.strftime("%Y/%m/%d") if edition and edition.effective_on else ""
        notes = "；".join(filter(None, [standard.get_plan_display() if standard.plan else "", standard.notes]))
        rows.append([standard.node.code, code, standard.number, name, standard.get_level_display(), effective,
                     edition.replaces if edition else "", notes])
    return rows


def _new_rows() -> list[list]:
    rows, taken = [], {}
    for node_code, number, name, level, effective, notes in NEW:
        if not SystemNode.objects.filter(code=node_code, is_active=True).exists():
            continue
        codes = taken.setdefault(node_code, list(Standard.objects.filter(node__code=node_code)
                                                 .values_list("code", flat=True)))
        code = next_code(node_code, codes)
        codes.append(code)
        rows.append([node_code, code, number, name, level, effective, "", notes])
    return rows
