"""Writes for the catalogue. items: service items and their parts; posts: posts and facilities;
procedures: procedure standards generated from items (uses items); notices: the 一次性告知单
given at the window; importing: the 事项清单
workbook (uses items). Each may import the ones listed before it."""

from .importing import ImportReport, items_import
from .items import (
    PART_MODELS,
    item_create,
    item_part_add,
    item_part_remove,
    item_update,
    items_create,
)
from .notices import notice_issue
from .posts import facility_create, facility_update, post_create, post_update, posts_create
from .procedures import (
    GenerationResult,
    procedure_standard_generate,
    procedure_standard_publish,
    procedure_standards_generate,
    procedure_standards_generate_all,
    procedure_standards_publish,
)

__all__ = [
    "PART_MODELS", "GenerationResult", "ImportReport", "facility_create", "facility_update", "item_create",
    "item_part_add", "item_part_remove", "item_update", "items_create", "items_import", "notice_issue", "post_create",
    "post_update", "posts_create", "procedure_standard_generate", "procedure_standard_publish", "procedure_standards_generate",
    "procedure_standards_generate_all", "procedure_standards_publish",
]
