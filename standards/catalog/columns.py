"""The columns of a 事项清单 workbook: the header the export writes, and the names and variants
centres use for it (matched without spaces, full-width characters folded)."""

COLUMNS: list[tuple[str, str, list[str]]] = [
    ("department", "部门", ["部门", "实施部门", "实施主体", "窗口", "所属部门", "部门名称", "窗口名称", "进驻部门"]),
    ("code", "事项编码", ["事项编码", "编码", "事项编号", "编号", "实施编码", "项目编码"]),
    ("name", "事项名称", ["事项名称", "项目名称", "审批事项名称", "服务事项名称", "办理项名称", "事项"]),
    ("parent", "所属事项编码", ["所属事项编码", "所属事项", "上级事项", "上级事项编码", "主项名称", "主项"]),
    ("item_type", "事项类型", ["事项类型", "事项类别", "权力类型", "权力类别", "类型"]),
    ("implementing_body", "实施机关", ["实施机关", "办理主体", "实施机构"]),
    ("authorisation", "授权形式", ["授权形式", "授权方式", "办理方式"]),
    ("bases", "设定依据", ["设定依据", "法律依据", "办理依据", "实施依据", "依据"]),
    ("conditions", "申请条件", ["申请条件", "受理条件", "办理条件"]),
    ("materials", "申请材料", ["申请材料", "申报材料", "所需材料", "提交材料", "材料清单"]),
    ("steps", "办理流程", ["办理流程", "办理程序", "办理环节", "流程"]),
    ("statutory_limit", "法定时限", ["法定时限", "法定办结时限", "法定期限"]),
    ("promised_limit", "承诺时限", ["承诺时限", "承诺办结时限", "承诺期限"]),
    ("case_kind", "办件类型", ["办件类型", "办件类别"]),
    ("fees", "收费标准", ["收费标准", "收费项目及标准", "收费项目和标准", "收费情况"]),
    ("fee_bases", "收费依据", ["收费依据"]),
    ("window", "办理窗口", ["办理窗口", "窗口号", "办理地点"]),
    ("advice_phone", "咨询电话", ["咨询电话", "咨询方式"]),
    ("complaint_phone", "投诉电话", ["投诉电话", "监督电话", "投诉方式", "监督投诉电话"]),
]
ALIASES = {key: aliases for key, _header, aliases in COLUMNS}
HEADERS = {key: header for key, header, _aliases in COLUMNS}
