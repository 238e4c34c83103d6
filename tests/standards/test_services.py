import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from qms.core.errors import ApplicationError, ConcurrentEditError, PermissionRefused, TransitionRefused
from standards import services
from standards.models import Edition, EditionStatus, Plan, Standard, StandardStatus, SystemNode

from .helpers import EXEMPT, docx_upload, make_in_force, make_standard

pytestmark = pytest.mark.django_db


def test_default_tree_is_installed_by_migration():
    codes = set(SystemNode.objects.values_list("code", flat=True))
    assert {"100", "101", "106", "200", "209", "300", "301", "305"} <= codes
    assert SystemNode.objects.get(code="301").parent.code == "300"
    assert SystemNode.objects.get(code="100").source == "GB/T 24421.2-2009"


def test_new_standard_is_planned_with_next_code_in_its_node(office_user):
    first = make_standard(office_user, name="首问负责制")
    second = make_standard(office_user, name="一次性告知制")
    assert (first.code, second.code) == ("301-01", "301-02")
    assert first.status == StandardStatus.PLANNED and first.plan == Plan.TO_DRAFT
    assert first.history.first().history_user == office_user


def test_first_edition_turns_planned_standard_into_real_one_keeping_code(office_user):
    standard = make_standard(office_user, code="301-07", name="限时办结制")
    edition = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.07-2024",
                                      upload=docx_upload(["承诺件在承诺时限内办结。"]))
    services.edition_publish(actor=office_user, edition=edition, effective_on=dt.date(2024, 3, 1),
                             exempt_reason=EXEMPT)
    standard.refresh_from_db()
    assert standard.code == "301-07"
    assert standard.status == StandardStatus.IN_FORCE and standard.plan == Plan.NONE
    assert standard.number == "Q/XZFW 301.07-2024"
    assert "承诺时限" in Edition.objects.get(pk=edition.pk).text
    assert standard.history.count() >= 3


def test_publishing_supersedes_previous_edition(office_user):
    standard, first = make_in_force(office_user)
    second = services.edition_create(actor=office_user, standard=standard, number="Q/XZFW 301.01-2025")
    services.edition_publish(actor=office_user, edition=second, exempt_reason=EXEMPT)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EditionStatus.SUPERSEDED
    assert second.status == EditionStatus.IN_FORCE
    assert second.replaces == "Q/XZFW 301.01-2024"
    assert standard.editions.filter(status=EditionStatus.IN_FORCE).count() == 1
    moves = list(first.status_changes.values_list("from_status", "to_status"))
    assert ("in_force", "superseded") in moves


def test_database_refuses_two_editions_in_force(office_user):
    standard, first = make_in_force(office_user)
    second = services.edition_create(actor=office_user, standard=standard, number="X")
    second.status = EditionStatus.IN_FORCE
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=second.pk).update(status=EditionStatus.IN_FORCE)


def test_withdrawing_requires_reason_and_records_it(office_user):
    standard, edition = make_in_force(office_user)
    with pytest.raises(ApplicationError, match="原因"):
        services.edition_withdraw(actor=office_user, edition=edition, reason="  ")
    services.edition_withdraw(actor=office_user, edition=edition, reason="被上级标准取代")
    edition.refresh_from_db()
    standard.refresh_from_db()
    assert edition.status == EditionStatus.WITHDRAWN and edition.withdrawn_reason == "被上级标准取代"
    assert standard.status == StandardStatus.WITHDRAWN
    assert edition.status_changes.filter(to_status="withdrawn", note="被上级标准取代").exists()
    assert edition.history.first().history_change_reason == "废止：被上级标准取代"


def test_superseded_edition_cannot_be_published_again(office_user):
    standard, first = make_in_force(office_user)
    second = services.edition_create(actor=office_user, standard=standard, number="N2")
    services.edition_publish(actor=office_user, edition=second, exempt_reason=EXEMPT)
    with pytest.raises(TransitionRefused):
        services.edition_publish(actor=office_user, edition=first)


def test_node_holding_standards_in_force_cannot_be_retired(office_user):
    make_in_force(office_user, node="305")
    with pytest.raises(ApplicationError, match="现行标准"):
        services.node_retire(actor=office_user, node=SystemNode.objects.get(code="305"), reason="合并")
    empty = SystemNode.objects.get(code="105")
    services.node_retire(actor=office_user, node=empty, reason="本中心不涉及量和单位")
    empty.refresh_from_db()
    assert not empty.is_active
    assert empty.history.first().history_change_reason == "本中心不涉及量和单位"


def test_node_cannot_move_under_its_own_child(office_user):
    root = SystemNode.objects.get(code="300")
    with pytest.raises(ApplicationError):
        services.node_update(actor=office_user, node=root, parent=SystemNode.objects.get(code="301"))


def test_node_rename_and_reorder_are_kept_in_history(office_user):
    node = SystemNode.objects.get(code="302")
    services.node_update(actor=office_user, node=node, name="服务提供规范（事项办理）", order=999, reason="按中心实际改名")
    node.refresh_from_db()
    assert node.name == "服务提供规范（事项办理）" and node.order == 999
    assert node.history.first().history_change_reason == "按中心实际改名"
    assert node.history.first().history_user == office_user


def test_concurrent_edit_is_refused_naming_who_and_nothing_is_lost(office_user, departments):
    from tests.factories import UserFactory

    colleague = UserFactory(username="office2", roles=["office"], department=departments["office"],
                            last_name="李", first_name="四")
    standard = make_standard(office_user, name="窗口服务规范")
    loaded_version = standard.version
    services.standard_update(actor=colleague, standard=standard, expected_version=loaded_version,
                             name="窗口服务规范（2025）", reason="统一名称")
    with pytest.raises(ConcurrentEditError, match="李四") as refusal:
        services.standard_update(actor=office_user, standard=standard, expected_version=loaded_version,
                                 notes="我的修改")
    assert "已于" in refusal.value.message
    standard.refresh_from_db()
    assert standard.name == "窗口服务规范（2025）" and standard.notes == ""


def test_code_in_use_is_refused_with_the_other_standard_named(office_user):
    make_standard(office_user, code="301-01", name="首问负责制")
    with pytest.raises(ApplicationError, match="首问负责制"):
        make_standard(office_user, code="301-01", name="别的标准")


def test_database_refuses_duplicate_code_among_standards_in_force(office_user):
    make_in_force(office_user, code="301-01")
    other = make_standard(office_user, code="301-09")
    with pytest.raises(IntegrityError), transaction.atomic():
        Standard.objects.filter(pk=other.pk).update(code="301-01", status=StandardStatus.IN_FORCE)


@pytest.mark.parametrize("role", ["auditor", "manager", "head", "staff", "admin"])
def test_only_the_office_edits_standards(role, role_users):
    actor = role_users[role]
    with pytest.raises(PermissionRefused):
        make_standard(actor)
    with pytest.raises(PermissionRefused):
        services.node_create(actor=actor, code="310", name="x")


def test_upload_checked_by_content_not_name(office_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    standard = make_standard(office_user)
    fake = SimpleUploadedFile("looks-like.docx", b"MZ\x90\x00 not a document", content_type="application/pdf")
    with pytest.raises(ApplicationError, match="文件类型不符"):
        services.edition_create(actor=office_user, standard=standard, number="N1", upload=fake)
    assert not standard.editions.exists()


def test_standards_are_in_natural_code_order_within_a_node(office_user):
    for code in ("302-100", "302-10", "302-9"):
        make_standard(office_user, code=code, node="302", name=f"规程{code}")
    assert list(Standard.objects.filter(node__code="302").values_list("code", flat=True)) == [
        "302-9", "302-10", "302-100"]
