from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.page_access_summary_out import PageAccessSummaryOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    days: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    params: dict[str, Any] = {}

    params["days"] = days

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/page-analytics/page-access/summary/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | PageAccessSummaryOut | None:
    if response.status_code == 200:
        response_200 = PageAccessSummaryOut.from_dict(response.json())

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
) -> Response[ErrorBody | PageAccessSummaryOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    days: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | PageAccessSummaryOut]:
    """Page analytics summary

     Staff. Over the last `days` days (1–365, default 30, today included): page views,
    unique visitors, mean time on page, bounce rate, top pages and sections, device and
    browser mix, and shop events (`metadata.event_type`). Exact, and cached until the next
    write.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | PageAccessSummaryOut]
    """

    kwargs = _get_kwargs(
        days=days,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    days: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | PageAccessSummaryOut | None:
    """Page analytics summary

     Staff. Over the last `days` days (1–365, default 30, today included): page views,
    unique visitors, mean time on page, bounce rate, top pages and sections, device and
    browser mix, and shop events (`metadata.event_type`). Exact, and cached until the next
    write.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | PageAccessSummaryOut
    """

    return sync_detailed(
        client=client,
        days=days,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    days: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | PageAccessSummaryOut]:
    """Page analytics summary

     Staff. Over the last `days` days (1–365, default 30, today included): page views,
    unique visitors, mean time on page, bounce rate, top pages and sections, device and
    browser mix, and shop events (`metadata.event_type`). Exact, and cached until the next
    write.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | PageAccessSummaryOut]
    """

    kwargs = _get_kwargs(
        days=days,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    days: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | PageAccessSummaryOut | None:
    """Page analytics summary

     Staff. Over the last `days` days (1–365, default 30, today included): page views,
    unique visitors, mean time on page, bounce rate, top pages and sections, device and
    browser mix, and shop events (`metadata.event_type`). Exact, and cached until the next
    write.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | PageAccessSummaryOut
    """

    return (
        await asyncio_detailed(
            client=client,
            days=days,
            x_store_id=x_store_id,
        )
    ).parsed
