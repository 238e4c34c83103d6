"""The plan printed as Word (A4): title, approval, summary, tasks by month, targets with the live
figure beside each (the registry's values, as on the plan page)."""

from django.utils import timezone

from qms.core.documents.dates import cn_date
from qms.core.documents.docx import add_heading, add_paragraph, add_table, document_bytes, new_document
from qms.org.selectors import organisation_profile

from .models import Plan
from .services.targets import target_rows


def build_plan_docx(plan: Plan) -> bytes:
    today = timezone.localdate()
    document = new_document(header_text=organisation_profile().name)
    add_paragraph(document, plan.title, size=18, bold=True, align="center", east_asian="黑体")
    if plan.document_number:
        add_paragraph(document, plan.document_number, align="center")
    approval = (f"批准人：{plan.approved_by.display_name}    批准日期：{cn_date(plan.approved_on)}"
                if plan.approved else "尚未批准")
    add_paragraph(document, approval, align="center", size=10.5)
    if plan.summary:
        add_heading(document, "一、主要内容", level=2)
        for line in plan.summary.splitlines():
            if line.strip():
                add_paragraph(document, line.strip())
    add_heading(document, "二、工作任务", level=2)
    tasks = plan.tasks.select_related("department")
    add_table(document, ["序号", "工作任务", "责任部门", "完成时间", "进度"],
              [[str(n), t.text, str(t.department or "标准化办公室"), f"{t.due_month}月", t.get_status_display()]
               for n, t in enumerate(tasks, start=1)], widths_cm=[1.2, 8.4, 3.2, 1.8, 1.8])
    add_heading(document, "三、工作目标", level=2)
    rows = target_rows(plan, as_of=today)
    add_table(document, ["指标", "责任部门", "目标", f"现值（{cn_date(today)}）", "是否达成"],
              [[r.label, str(r.target.department or "全中心"), r.target_text, r.value_text,
                {True: "达成", False: "未达成", None: "无数据"}[r.met]] for r in rows],
              widths_cm=[3.6, 3.4, 2.6, 3.6, 2.2])
    add_paragraph(document, "")
    add_paragraph(document, f"打印日期：{cn_date(today)}", align="right", size=9)
    return document_bytes(document)
