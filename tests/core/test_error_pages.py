"""Error pages in Chinese, in the site's layout, saying what the user can do next."""

import pytest

from qms.assessment.views.dashboard import DashboardView

from ..conftest import client_for

pytestmark = pytest.mark.django_db
LAYOUT = "标准化与质量管理"  # the navigation bar's brand


def _page(response, status):
    assert response.status_code == status
    body = response.content.decode()
    assert LAYOUT in body and "返回首页" in body and "Forbidden" not in body and "Not Found" not in body
    return body


def test_a_refused_user_sees_why_and_whom_to_ask(client, role_users):
    body = _page(client_for(client, role_users["staff"]).get("/standards/new/"), 403)
    assert "没有权限" in body and "分配相应角色" in body
    assert "退出登录" in body  # the menu is there: the user is still signed in


def test_a_missing_record_says_it_may_be_out_of_reach(client, office_user):
    body = _page(client_for(client, office_user).get("/standards/999999/"), 404)
    assert "页面不存在" in body and "从菜单或搜索框重新查找" in body


def test_an_unknown_address_before_login_offers_the_login_page(client):
    body = _page(client.get("/no-such-page/"), 404)
    assert 'href="/accounts/login/"' in body and "退出登录" not in body


def test_a_bad_request_is_explained(client, office_user):
    body = _page(client_for(client, office_user).get("/", HTTP_HOST="evil.example.com"), 400)
    assert "请求无法处理" in body and "没有执行任何操作" in body


def test_an_expired_form_says_to_refresh_and_resubmit(office_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office_user)
    body = _page(browser.post("/standards/new/", {"name": "x"}), 403)
    assert "页面已过期" in body and "刷新页面后重新填写" in body


def test_a_server_error_says_the_action_may_not_be_done(client, office_user, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(DashboardView, "get", broken)
    client.raise_request_exception = False
    body = _page(client_for(client, office_user).get("/dashboard/"), 500)
    assert "系统出错" in body and "可能没有完成" in body and "boom" not in body
