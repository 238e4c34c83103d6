"""Building catalogue test data through the services, as the UI and the import do."""

from standards.catalog import services
from standards.catalog.models import CaseKind, ItemType

BASES = [{"name": "中华人民共和国行政许可法", "article": "第二十九条"},
         {"name": "中华人民共和国市场主体登记管理条例", "article": "第三条"}]
MATERIALS = [
    {"name": "登记申请书", "form": "original", "copies": 1, "source": "申请人自备", "required": True},
    {"name": "公司章程", "form": "original", "copies": 1, "source": "申请人自备", "required": True},
    {"name": "住所使用证明", "form": "copy", "copies": 1, "source": "申请人自备", "required": False,
     "condition": "住所为租赁房屋时"},
]
STEPS = [
    {"name": "受理", "description": "查验材料，出具受理通知书", "responsible": "综合受理岗", "time_limit": 0},
    {"name": "审查", "description": "审查材料的真实性", "responsible": "审核岗", "time_limit": 1},
    {"name": "决定", "description": "作出准予登记决定", "responsible": "首席代表", "time_limit": 1},
]


def make_item(actor, department, *, name="有限责任公司设立登记", item_type=ItemType.LICENSING,
              case_kind=CaseKind.PROMISED, statutory_limit=15, promised_limit=3, bases=None, materials=None,
              steps=None, fees=(), **fields):
    return services.item_create(
        actor=actor, department=department, name=name, item_type=item_type, case_kind=case_kind,
        statutory_limit=statutory_limit, promised_limit=promised_limit,
        bases=BASES if bases is None else bases, materials=MATERIALS if materials is None else materials,
        steps=STEPS if steps is None else steps, fees=fees, advice_phone="0371-1234567",
        complaint_phone="12345", window="3号窗口", **fields,
    )
