"""The suite runs against a running Enid: ENID_URL, and an admin of the default store
(ENID_ADMIN_EMAIL, ENID_ADMIN_PASSWORD)."""

import os
import random

import pytest

from enid_client import AuthenticatedClient, Client
from enid_client.api.accounts import login
from enid_client.models import LoginIn, TokenOut

STORE = 1


def setting(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: the suite runs against a running enid (see README.md)", pytrace=False)
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    return setting("ENID_URL")


@pytest.fixture(scope="session")
def admin() -> LoginIn:
    return LoginIn(email=setting("ENID_ADMIN_EMAIL"), password=setting("ENID_ADMIN_PASSWORD"))


@pytest.fixture(scope="session")
def run() -> int:
    """A number of this run for names and products, so that runs against one server do not meet."""
    return random.randint(1_000_000, 9_999_999)


@pytest.fixture
def anonymous(base_url: str) -> Client:
    return Client(base_url=base_url, headers={"X-Store-Id": str(STORE)}, raise_on_unexpected_status=True)


@pytest.fixture
def staff(base_url: str, anonymous: Client, admin: LoginIn) -> AuthenticatedClient:
    reply = login.sync_detailed(client=anonymous, body=admin)
    assert reply.status_code == 200
    assert isinstance(reply.parsed, TokenOut)
    assert reply.parsed.token_type == "Bearer"
    assert reply.parsed.user.email == admin.email
    return AuthenticatedClient(
        base_url=base_url,
        token=reply.parsed.access_token,
        headers={"X-Store-Id": str(STORE)},
        raise_on_unexpected_status=True,
    )
