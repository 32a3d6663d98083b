from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.lead_search_out import LeadSearchOut
from ...models.lead_search_status import LeadSearchStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    status: LeadSearchStatus | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    params: dict[str, Any] = {}

    params["q"] = q

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/lead-search/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | LeadSearchOut | None:
    if response.status_code == 200:
        response_200 = LeadSearchOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | LeadSearchOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    status: LeadSearchStatus | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadSearchOut]:
    """Search leads

     `q` (at least 3 characters) matches the name and email case- and accent-insensitively
    ("jose" finds "José"), and — when it looks like a phone — the phone's digits ("55 1234"
    finds "5512345678"). Leads whose email equals `q` come first, then the newest. `status`
    filters (`all` by default); `limit` is 1–100 (default 30). Staff.

    Args:
        q (str | Unset):
        status (LeadSearchStatus | Unset): The statuses a lead search covers: one, or `all`.
            Example: all.
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadSearchOut]
    """

    kwargs = _get_kwargs(
        q=q,
        status=status,
        limit=limit,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    status: LeadSearchStatus | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadSearchOut | None:
    """Search leads

     `q` (at least 3 characters) matches the name and email case- and accent-insensitively
    ("jose" finds "José"), and — when it looks like a phone — the phone's digits ("55 1234"
    finds "5512345678"). Leads whose email equals `q` come first, then the newest. `status`
    filters (`all` by default); `limit` is 1–100 (default 30). Staff.

    Args:
        q (str | Unset):
        status (LeadSearchStatus | Unset): The statuses a lead search covers: one, or `all`.
            Example: all.
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadSearchOut
    """

    return sync_detailed(
        client=client,
        q=q,
        status=status,
        limit=limit,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    status: LeadSearchStatus | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadSearchOut]:
    """Search leads

     `q` (at least 3 characters) matches the name and email case- and accent-insensitively
    ("jose" finds "José"), and — when it looks like a phone — the phone's digits ("55 1234"
    finds "5512345678"). Leads whose email equals `q` come first, then the newest. `status`
    filters (`all` by default); `limit` is 1–100 (default 30). Staff.

    Args:
        q (str | Unset):
        status (LeadSearchStatus | Unset): The statuses a lead search covers: one, or `all`.
            Example: all.
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadSearchOut]
    """

    kwargs = _get_kwargs(
        q=q,
        status=status,
        limit=limit,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    status: LeadSearchStatus | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadSearchOut | None:
    """Search leads

     `q` (at least 3 characters) matches the name and email case- and accent-insensitively
    ("jose" finds "José"), and — when it looks like a phone — the phone's digits ("55 1234"
    finds "5512345678"). Leads whose email equals `q` come first, then the newest. `status`
    filters (`all` by default); `limit` is 1–100 (default 30). Staff.

    Args:
        q (str | Unset):
        status (LeadSearchStatus | Unset): The statuses a lead search covers: one, or `all`.
            Example: all.
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadSearchOut
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            status=status,
            limit=limit,
            x_store_id=x_store_id,
        )
    ).parsed
