"""Helpers for the API tests: JSON requests through a logged-in session."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from werkplein.accounts.models import User


class ApiClient:
    """A logged-in test client that speaks JSON to /api/v1/."""

    def __init__(self, http: HttpClient) -> None:
        self.http = http

    def get(self, path: str, **params: Any):
        return self.http.get(f"/api/v1{path}", params)

    def post(self, path: str, body: Any):
        return self.http.post(f"/api/v1{path}", body, content_type="application/json")

    def patch(self, path: str, body: Any):
        return self.http.patch(f"/api/v1{path}", body, content_type="application/json")


@pytest.fixture
def api_as(login) -> Callable[[User], ApiClient]:
    return lambda user: ApiClient(login(user))
