import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.lead_ordering_name import LeadOrderingName
from ...models.lead_page import LeadPage
from ...models.lead_status_name import LeadStatusName
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: LeadStatusName | Unset = UNSET,
    lead_type: int | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    created_before: datetime.date | datetime.datetime | Unset = UNSET,
    ordering: LeadOrderingName | Unset = UNSET,
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

    params["lead_type"] = lead_type

    json_created_after: str | Unset
    if isinstance(created_after, Unset):
        json_created_after = UNSET
    elif isinstance(created_after, datetime.date):
        json_created_after = created_after.isoformat()
    else:
        json_created_after = created_after.isoformat()

    params["created_after"] = json_created_after

    json_created_before: str | Unset
    if isinstance(created_before, Unset):
        json_created_before = UNSET
    elif isinstance(created_before, datetime.date):
        json_created_before = created_before.isoformat()
    else:
        json_created_before = created_before.isoformat()

    params["created_before"] = json_created_before

    json_ordering: str | Unset = UNSET
    if not isinstance(ordering, Unset):
        json_ordering = ordering.value

    params["ordering"] = json_ordering

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/lead/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | LeadPage | None:
    if response.status_code == 200:
        response_200 = LeadPage.from_dict(response.json())

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
) -> Response[ErrorBody | LeadPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: LeadStatusName | Unset = UNSET,
    lead_type: int | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    created_before: datetime.date | datetime.datetime | Unset = UNSET,
    ordering: LeadOrderingName | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadPage]:
    """List leads

     The store's leads, newest first unless `ordering` says otherwise (`created_at`,
    `updated_at`, `name`, `status`, `tryet`, `id`; a leading `-` for descending). Filters:
    `status`, `lead_type`, and `created_after` / `created_before` (inclusive; a date
    `YYYY-MM-DD` or an RFC 3339 date-time, UTC days). Staff.

    Args:
        status (LeadStatusName | Unset): Where a lead is in the sales pipeline. Example: pending.
        lead_type (int | Unset):
        created_after (datetime.date | datetime.datetime | Unset):
        created_before (datetime.date | datetime.datetime | Unset):
        ordering (LeadOrderingName | Unset): The order of the lead list: a field, descending with
            a leading `-`. Example: created_at.
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadPage]
    """

    kwargs = _get_kwargs(
        status=status,
        lead_type=lead_type,
        created_after=created_after,
        created_before=created_before,
        ordering=ordering,
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
    status: LeadStatusName | Unset = UNSET,
    lead_type: int | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    created_before: datetime.date | datetime.datetime | Unset = UNSET,
    ordering: LeadOrderingName | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadPage | None:
    """List leads

     The store's leads, newest first unless `ordering` says otherwise (`created_at`,
    `updated_at`, `name`, `status`, `tryet`, `id`; a leading `-` for descending). Filters:
    `status`, `lead_type`, and `created_after` / `created_before` (inclusive; a date
    `YYYY-MM-DD` or an RFC 3339 date-time, UTC days). Staff.

    Args:
        status (LeadStatusName | Unset): Where a lead is in the sales pipeline. Example: pending.
        lead_type (int | Unset):
        created_after (datetime.date | datetime.datetime | Unset):
        created_before (datetime.date | datetime.datetime | Unset):
        ordering (LeadOrderingName | Unset): The order of the lead list: a field, descending with
            a leading `-`. Example: created_at.
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadPage
    """

    return sync_detailed(
        client=client,
        status=status,
        lead_type=lead_type,
        created_after=created_after,
        created_before=created_before,
        ordering=ordering,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: LeadStatusName | Unset = UNSET,
    lead_type: int | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    created_before: datetime.date | datetime.datetime | Unset = UNSET,
    ordering: LeadOrderingName | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadPage]:
    """List leads

     The store's leads, newest first unless `ordering` says otherwise (`created_at`,
    `updated_at`, `name`, `status`, `tryet`, `id`; a leading `-` for descending). Filters:
    `status`, `lead_type`, and `created_after` / `created_before` (inclusive; a date
    `YYYY-MM-DD` or an RFC 3339 date-time, UTC days). Staff.

    Args:
        status (LeadStatusName | Unset): Where a lead is in the sales pipeline. Example: pending.
        lead_type (int | Unset):
        created_after (datetime.date | datetime.datetime | Unset):
        created_before (datetime.date | datetime.datetime | Unset):
        ordering (LeadOrderingName | Unset): The order of the lead list: a field, descending with
            a leading `-`. Example: created_at.
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadPage]
    """

    kwargs = _get_kwargs(
        status=status,
        lead_type=lead_type,
        created_after=created_after,
        created_before=created_before,
        ordering=ordering,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: LeadStatusName | Unset = UNSET,
    lead_type: int | Unset = UNSET,
    created_after: datetime.date | datetime.datetime | Unset = UNSET,
    created_before: datetime.date | datetime.datetime | Unset = UNSET,
    ordering: LeadOrderingName | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadPage | None:
    """List leads

     The store's leads, newest first unless `ordering` says otherwise (`created_at`,
    `updated_at`, `name`, `status`, `tryet`, `id`; a leading `-` for descending). Filters:
    `status`, `lead_type`, and `created_after` / `created_before` (inclusive; a date
    `YYYY-MM-DD` or an RFC 3339 date-time, UTC days). Staff.

    Args:
        status (LeadStatusName | Unset): Where a lead is in the sales pipeline. Example: pending.
        lead_type (int | Unset):
        created_after (datetime.date | datetime.datetime | Unset):
        created_before (datetime.date | datetime.datetime | Unset):
        ordering (LeadOrderingName | Unset): The order of the lead list: a field, descending with
            a leading `-`. Example: created_at.
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadPage
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            lead_type=lead_type,
            created_after=created_after,
            created_before=created_before,
            ordering=ordering,
            page=page,
            page_size=page_size,
            x_store_id=x_store_id,
        )
    ).parsed
