"""Standard-system tree templates, each labelled with its source (pure data, no database).

GB/T 24421.2-2009 (标准体系) was replaced on 2023-03-17 by GB/T 24421.2-2023 (标准体系构建).
What the 2023 template rests on, from published excerpts of the 2023 text:
- 6.3.3 运行管理标准子体系 and 6.3.4 服务评价与改进标准子体系 belong to the 服务提供标准体系;
- 6.4 the 服务保障标准体系 "一般包括环境与能源标准、安全与应急标准、职业健康标准、信息标准、财务标准、
  设施设备及用品标准、人力资源标准、法务与合同标准等子体系" (verified; the "等" leaves room for more).
Not verified here, and marked `verified=False` (shown as 未核实 in the UI): the 通用基础 sub-systems
(carried over from 2009), the names of 6.3.1 and 6.3.2 (服务规范, 服务提供规范 as in 2009) and
every code: the numbers are this system's own (the standard gives a structure, not codes);
the 2023 sub-system codes (210, 220 … 340) are chosen not to clash with the 2009 ones, so a
centre can move from one to the other with both visible.
GB/T 32170.2-2015 (政务服务中心标准化工作指南 第2部分：标准体系) could not be verified from public
sources here, so no template is shipped for it; an office can load its tree from a spreadsheet."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateNode:
    code: str
    name: str
    parent: str | None
    verified: bool = True


@dataclass(frozen=True)
class TreeTemplate:
    key: str
    label: str
    source: str
    note: str
    nodes: tuple[TemplateNode, ...]

    def node(self, code: str) -> TemplateNode:
        return next(n for n in self.nodes if n.code == code)


def _nodes(tree, *, verified_roots=(), unverified=()) -> tuple[TemplateNode, ...]:
    found = []
    for code, name, children in tree:
        found.append(TemplateNode(code, name, None, verified=code in verified_roots or not unverified))
        found += [TemplateNode(c, n, code, verified=c not in unverified) for c, n in children]
    return tuple(found)


_BASIC = ("100", "服务通用基础标准体系", [
    ("101", "标准化导则"), ("102", "术语与缩略语标准"), ("103", "符号与标志标准"),
    ("104", "数值与数据标准"), ("105", "量和单位标准"), ("106", "测量标准"),
])

GBT_2009 = TreeTemplate(
    key="gbt24421.2-2009", label="GB/T 24421.2-2009（已于 2023-03-17 废止）", source="GB/T 24421.2-2009",
    note="多数中心现有体系表所用的结构；该标准已被 GB/T 24421.2-2023 代替，新建体系不宜再用。",
    nodes=_nodes([
        _BASIC,
        ("200", "服务保障标准体系", [
            ("201", "环境标准"), ("202", "能源标准"), ("203", "安全与应急标准"), ("204", "职业健康标准"),
            ("205", "信息标准"), ("206", "财务管理标准"), ("207", "设施设备及用品标准"),
            ("208", "人力资源标准"), ("209", "合同管理标准"),
        ]),
        ("300", "服务提供标准体系", [
            ("301", "服务规范"), ("302", "服务提供规范"), ("303", "服务质量控制规范"),
            ("304", "运行管理规范"), ("305", "服务评价与改进标准"),
        ]),
    ]),
)

GBT_2023 = TreeTemplate(
    key="gbt24421.2-2023", label="GB/T 24421.2-2023（现行，新建体系默认）", source="GB/T 24421.2-2023",
    note="服务保障的 8 个子体系和服务提供的运行管理、服务评价与改进子体系已对照公开的标准文本摘录核实；"
         "通用基础各子体系、服务规范与服务提供规范两个子体系名称沿用 2009 版，未核实（标注“未核实”）；"
         "各节点编码为本系统自定。",
    nodes=_nodes([
        _BASIC,
        ("200", "服务保障标准体系", [
            ("210", "环境与能源标准"), ("220", "安全与应急标准"), ("230", "职业健康标准"), ("240", "信息标准"),
            ("250", "财务标准"), ("260", "设施设备及用品标准"), ("270", "人力资源标准"), ("280", "法务与合同标准"),
        ]),
        ("300", "服务提供标准体系", [
            ("310", "服务规范"), ("320", "服务提供规范"), ("330", "运行管理标准"), ("340", "服务评价与改进标准"),
        ]),
    ], verified_roots=("200", "300"), unverified=("100", "101", "102", "103", "104", "105", "106", "310", "320")),
)

TEMPLATES = {t.key: t for t in (GBT_2023, GBT_2009)}
DEFAULT_TEMPLATE = GBT_2023.key

# 2009 node -> 2023 node. Nodes kept as they are map to themselves. 201 环境 and 202 能源 merge
# into 210 环境与能源; 303 服务质量控制规范 has no sub-system of its own in 2023 and goes to
# 330 运行管理标准 (whose purpose is to assure service quality): a judgement, shown in the preview.
MAPPING_2009_TO_2023 = {
    "100": "100", "101": "101", "102": "102", "103": "103", "104": "104", "105": "105", "106": "106",
    "200": "200", "201": "210", "202": "210", "203": "220", "204": "230", "205": "240", "206": "250",
    "207": "260", "208": "270", "209": "280",
    "300": "300", "301": "310", "302": "320", "303": "330", "304": "330", "305": "340",
}
MIGRATIONS = {(GBT_2009.key, GBT_2023.key): MAPPING_2009_TO_2023}
