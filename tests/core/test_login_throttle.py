"""Login throttling behind the documented proxy: each client is counted by its own address, and
one address cannot try a few passwords against every account."""

import pytest

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"  # nginx on the same host: every request arrives from it


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    return settings


def _login(client, username, password, *, forwarded=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_behind_the_proxy_one_clients_failures_do_not_lock_the_account_for_others(client, throttled, office_user):
    throttled.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        _login(client, "office", "wrong", forwarded="10.0.0.5")
    assert _login(client, "office", "pw-123456", forwarded="10.0.0.5").status_code == 429
    assert _login(client, "office", "pw-123456", forwarded="10.0.0.6").status_code == 302


def test_a_client_cannot_escape_the_lock_by_sending_its_own_forwarded_header(client, throttled, office_user):
    throttled.TRUSTED_PROXY_COUNT = 1  # nginx appends the real address after whatever the client sent
    for n in range(3):
        _login(client, "office", "wrong", forwarded=f"192.0.2.{n}, 10.0.0.5")
    assert _login(client, "office", "pw-123456", forwarded="192.0.2.9, 10.0.0.5").status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, throttled, office_user):
    throttled.TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        _login(client, "office", "wrong", forwarded=f"10.0.1.{n}", remote="203.0.113.7")
    assert _login(client, "office", "pw-123456", forwarded="10.0.1.99", remote="203.0.113.7").status_code == 429


def test_one_address_trying_a_few_passwords_on_every_account_is_stopped(client, throttled, departments):
    throttled.TRUSTED_PROXY_COUNT = 1
    users = [UserFactory(username=f"clerk{n}", department=departments["tax"]) for n in range(6)]
    refused = []
    for user in users:  # two guesses each: under the per-user limit of 3
        for _ in range(2):
            refused.append(_login(client, user.username, "guess", forwarded="10.0.0.66").status_code)
    assert refused[:9] == [200] * 9 and refused[9:] == [429] * 3  # the 10th failure locks the address
    late = _login(client, "clerk5", "pw-123456", forwarded="10.0.0.66")
    assert late.status_code == 429 and "暂时锁定" in late.content.decode()
    assert _login(client, "clerk5", "pw-123456", forwarded="10.0.0.67").status_code == 302
