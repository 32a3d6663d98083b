from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.traffic_trend_out import TrafficTrendOut
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
        "url": "/page-analytics/page-access/trends/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | list[TrafficTrendOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = TrafficTrendOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ErrorBody | list[TrafficTrendOut]]:
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
) -> Response[ErrorBody | list[TrafficTrendOut]]:
    """Page analytics trends

     Staff. One entry per UTC day of the last `days` days (1–365, default 7), oldest first,
    the last one today: page views, unique visitors, mean time on page and bounce rate of
    the day.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[TrafficTrendOut]]
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
) -> ErrorBody | list[TrafficTrendOut] | None:
    """Page analytics trends

     Staff. One entry per UTC day of the last `days` days (1–365, default 7), oldest first,
    the last one today: page views, unique visitors, mean time on page and bounce rate of
    the day.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[TrafficTrendOut]
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
) -> Response[ErrorBody | list[TrafficTrendOut]]:
    """Page analytics trends

     Staff. One entry per UTC day of the last `days` days (1–365, default 7), oldest first,
    the last one today: page views, unique visitors, mean time on page and bounce rate of
    the day.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[TrafficTrendOut]]
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
) -> ErrorBody | list[TrafficTrendOut] | None:
    """Page analytics trends

     Staff. One entry per UTC day of the last `days` days (1–365, default 7), oldest first,
    the last one today: page views, unique visitors, mean time on page and bounce rate of
    the day.

    Args:
        days (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[TrafficTrendOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            days=days,
            x_store_id=x_store_id,
        )
    ).parsed
