from django.core.files.uploadedfile import SimpleUploadedFile

from standards import services
from standards.models import Level, Origin, SystemNode

from ..docs import docx_bytes

DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_upload(text_lines, name="std.docx"):
    data = docx_bytes({"1 范围": text_lines}, title="测试标准")
    return SimpleUploadedFile(name, data, content_type=DOCX_CT)


def make_standard(actor, *, code="", name="窗口服务规范", node="301", origin=Origin.IN_HOUSE,
                  level=Level.ENTERPRISE, **fields):
    return services.standard_create(actor=actor, name=name, level=level, origin=origin,
                                    node=SystemNode.objects.get(code=node), code=code, **fields)


def make_in_force(actor, *, number="Q/XZFW 301.01-2024", lines=("本标准规定了窗口服务的要求。",), **kw):
    standard = make_standard(actor, **kw)
    edition = services.edition_create(actor=actor, standard=standard, number=number, upload=docx_upload(list(lines)))
    services.edition_publish(actor=actor, edition=edition)
    standard.refresh_from_db()
    edition.refresh_from_db()
    return standard, edition
