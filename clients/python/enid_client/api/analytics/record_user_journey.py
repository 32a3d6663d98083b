from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.user_journey_in import UserJourneyIn
from ...models.user_journey_out import UserJourneyOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: UserJourneyIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/page-analytics/user-journey/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | UserJourneyOut | None:
    if response.status_code == 201:
        response_201 = UserJourneyOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = ErrorBody.from_dict(response.json())

        return response_408

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorBody.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | UserJourneyOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UserJourneyIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | UserJourneyOut]:
    """Record a user journey

     Public. A visitor's journey through the shop; `total_pages` is the length of
    `pages_visited`. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UserJourneyIn):  Example: {'session_id': 'ses-7f3a9c2e', 'user_id': 'cliente-1842',
            'entry_page': '/', 'exit_page': '/carrito', 'pages_visited': ['/', '/productos/mochilas',
            '/carrito'], 'total_pages': 12, 'total_time': 12, 'conversion_goal': 'compra',
            'started_at': '2026-03-14T16:20:00Z', 'ended_at': '2026-03-14T16:20:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | UserJourneyOut]
    """

    kwargs = _get_kwargs(
        body=body,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: UserJourneyIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | UserJourneyOut | None:
    """Record a user journey

     Public. A visitor's journey through the shop; `total_pages` is the length of
    `pages_visited`. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UserJourneyIn):  Example: {'session_id': 'ses-7f3a9c2e', 'user_id': 'cliente-1842',
            'entry_page': '/', 'exit_page': '/carrito', 'pages_visited': ['/', '/productos/mochilas',
            '/carrito'], 'total_pages': 12, 'total_time': 12, 'conversion_goal': 'compra',
            'started_at': '2026-03-14T16:20:00Z', 'ended_at': '2026-03-14T16:20:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | UserJourneyOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UserJourneyIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | UserJourneyOut]:
    """Record a user journey

     Public. A visitor's journey through the shop; `total_pages` is the length of
    `pages_visited`. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UserJourneyIn):  Example: {'session_id': 'ses-7f3a9c2e', 'user_id': 'cliente-1842',
            'entry_page': '/', 'exit_page': '/carrito', 'pages_visited': ['/', '/productos/mochilas',
            '/carrito'], 'total_pages': 12, 'total_time': 12, 'conversion_goal': 'compra',
            'started_at': '2026-03-14T16:20:00Z', 'ended_at': '2026-03-14T16:20:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | UserJourneyOut]
    """

    kwargs = _get_kwargs(
        body=body,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: UserJourneyIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | UserJourneyOut | None:
    """Record a user journey

     Public. A visitor's journey through the shop; `total_pages` is the length of
    `pages_visited`. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UserJourneyIn):  Example: {'session_id': 'ses-7f3a9c2e', 'user_id': 'cliente-1842',
            'entry_page': '/', 'exit_page': '/carrito', 'pages_visited': ['/', '/productos/mochilas',
            '/carrito'], 'total_pages': 12, 'total_time': 12, 'conversion_goal': 'compra',
            'started_at': '2026-03-14T16:20:00Z', 'ended_at': '2026-03-14T16:20:00Z'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | UserJourneyOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
