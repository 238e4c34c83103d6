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


EXEMPT = "测试：直接登记现行版本"


def make_in_force(actor, *, number="Q/XZFW 301.01-2024", lines=("本标准规定了窗口服务的要求。",), **kw):
    """A standard with one edition in force. In-house editions are registered with an approval
    exemption (the workflow tests in test_workflow.py take the full review-and-approval path)."""
    standard = make_standard(actor, **kw)
    edition = services.edition_create(actor=actor, standard=standard, number=number, upload=docx_upload(list(lines)))
    exempt = "" if standard.origin == Origin.ADOPTED else EXEMPT
    services.edition_publish(actor=actor, edition=edition, exempt_reason=exempt)
    standard.refresh_from_db()
    edition.refresh_from_db()
    return standard, edition


def approve_through_workflow(edition, *, office, reviewer, manager, effective_on=None):
    """Take a draft through submit -> review sign-off -> approval (in force if the date has come)."""
    import datetime as dt

    services.edition_submit(actor=office, edition=edition)
    services.edition_review_sign(actor=reviewer, edition=edition, approve=True, note="同意")
    services.edition_approve(actor=manager, edition=edition, approve=True,
                             effective_on=effective_on or dt.date.today())
    edition.refresh_from_db()
    return edition


def earliest_deadline():
    """The earliest consultation deadline the centre's minimum period allows from today."""
    from django.utils import timezone

    from standards.services.consultations import consultation_earliest_deadline

    return consultation_earliest_deadline(timezone.localdate())


def revise_text(actor, edition, lines=("4.2 窗口应提供预约服务时段。", "本版修订了预约服务要求。")):
    """Give a revision a text of its own (review and approval refuse an unchanged text)."""
    services.edition_set_document(actor=actor, edition=edition, upload=docx_upload(list(lines), name="revised.docx"))
    edition.refresh_from_db()
    return edition
