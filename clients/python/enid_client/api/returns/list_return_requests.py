import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.return_request_page import ReturnRequestPage
from ...models.return_status_name import ReturnStatusName
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ReturnStatusName | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_since: str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.date):
        json_since = since.isoformat()
    else:
        json_since = since.isoformat()

    params["since"] = json_since

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/returns/requests/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ReturnRequestPage | None:
    if response.status_code == 200:
        response_200 = ReturnRequestPage.from_dict(response.json())

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
) -> Response[ErrorBody | ReturnRequestPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ReturnStatusName | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestPage]:
    """List return requests

     Newest first, filtered by `status` and `since` (created at or after; a date or an RFC 3339
    date-time). Staff see every request of the store; customers only those made with their
    account's email.

    Args:
        status (ReturnStatusName | Unset): Where a return request is: requested → approved |
            rejected; approved → received → refunded. Example: requested.
        since (datetime.date | datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestPage]
    """

    kwargs = _get_kwargs(
        status=status,
        since=since,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ReturnStatusName | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestPage | None:
    """List return requests

     Newest first, filtered by `status` and `since` (created at or after; a date or an RFC 3339
    date-time). Staff see every request of the store; customers only those made with their
    account's email.

    Args:
        status (ReturnStatusName | Unset): Where a return request is: requested → approved |
            rejected; approved → received → refunded. Example: requested.
        since (datetime.date | datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReturnRequestPage
    """

    return sync_detailed(
        client=client,
        status=status,
        since=since,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ReturnStatusName | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestPage]:
    """List return requests

     Newest first, filtered by `status` and `since` (created at or after; a date or an RFC 3339
    date-time). Staff see every request of the store; customers only those made with their
    account's email.

    Args:
        status (ReturnStatusName | Unset): Where a return request is: requested → approved |
            rejected; approved → received → refunded. Example: requested.
        since (datetime.date | datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestPage]
    """

    kwargs = _get_kwargs(
        status=status,
        since=since,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ReturnStatusName | Unset = UNSET,
    since: datetime.date | datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestPage | None:
    """List return requests

     Newest first, filtered by `status` and `since` (created at or after; a date or an RFC 3339
    date-time). Staff see every request of the store; customers only those made with their
    account's email.

    Args:
        status (ReturnStatusName | Unset): Where a return request is: requested → approved |
            rejected; approved → received → refunded. Example: requested.
        since (datetime.date | datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReturnRequestPage
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            since=since,
            page=page,
            page_size=page_size,
            x_store_id=x_store_id,
        )
    ).parsed
