from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.page_access_batch_in import PageAccessBatchIn
from ...models.page_access_batch_out import PageAccessBatchOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PageAccessBatchIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/page-analytics/page-access/batch/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | PageAccessBatchOut | None:
    if response.status_code == 200:
        response_200 = PageAccessBatchOut.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = PageAccessBatchOut.from_dict(response.json())

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
) -> Response[ErrorBody | PageAccessBatchOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PageAccessBatchIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | PageAccessBatchOut]:
    """Record a batch of events

     Public. Up to 500 events in one call. Every event is validated first; if any is invalid
    the answer is 400 naming each bad event by index (`events[3].scroll_depth`) and nothing
    is stored. Otherwise all are stored in one transaction. Repeated event ids behave as in
    the single call. Rate limited per client IP (one call counts once).

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (PageAccessBatchIn):  Example: {'events': [{'page_url': '/productos/mochilas',
            'page_title': 'Mochilas escolares | Tienda Enid', 'section': 'Productos destacados',
            'user_id': 'cliente-1842', 'session_id': 'ses-7f3a9c2e', 'event_id':
            'evt-2026-03-14-000187', 'user_agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36
            (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36', 'device_type': 'mobile',
            'browser': 'Chrome', 'os': 'Android', 'referrer': 'https://www.google.com/', 'utm_source':
            'facebook', 'utm_medium': 'cpc', 'utm_campaign': 'regreso-a-clases', 'time_on_page': 12,
            'scroll_depth': 12, 'interactions': 12, 'metadata': {'event_type': 'add_to_cart',
            'load_time_ms': 820}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | PageAccessBatchOut]
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
    body: PageAccessBatchIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | PageAccessBatchOut | None:
    """Record a batch of events

     Public. Up to 500 events in one call. Every event is validated first; if any is invalid
    the answer is 400 naming each bad event by index (`events[3].scroll_depth`) and nothing
    is stored. Otherwise all are stored in one transaction. Repeated event ids behave as in
    the single call. Rate limited per client IP (one call counts once).

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (PageAccessBatchIn):  Example: {'events': [{'page_url': '/productos/mochilas',
            'page_title': 'Mochilas escolares | Tienda Enid', 'section': 'Productos destacados',
            'user_id': 'cliente-1842', 'session_id': 'ses-7f3a9c2e', 'event_id':
            'evt-2026-03-14-000187', 'user_agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36
            (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36', 'device_type': 'mobile',
            'browser': 'Chrome', 'os': 'Android', 'referrer': 'https://www.google.com/', 'utm_source':
            'facebook', 'utm_medium': 'cpc', 'utm_campaign': 'regreso-a-clases', 'time_on_page': 12,
            'scroll_depth': 12, 'interactions': 12, 'metadata': {'event_type': 'add_to_cart',
            'load_time_ms': 820}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | PageAccessBatchOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PageAccessBatchIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | PageAccessBatchOut]:
    """Record a batch of events

     Public. Up to 500 events in one call. Every event is validated first; if any is invalid
    the answer is 400 naming each bad event by index (`events[3].scroll_depth`) and nothing
    is stored. Otherwise all are stored in one transaction. Repeated event ids behave as in
    the single call. Rate limited per client IP (one call counts once).

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (PageAccessBatchIn):  Example: {'events': [{'page_url': '/productos/mochilas',
            'page_title': 'Mochilas escolares | Tienda Enid', 'section': 'Productos destacados',
            'user_id': 'cliente-1842', 'session_id': 'ses-7f3a9c2e', 'event_id':
            'evt-2026-03-14-000187', 'user_agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36
            (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36', 'device_type': 'mobile',
            'browser': 'Chrome', 'os': 'Android', 'referrer': 'https://www.google.com/', 'utm_source':
            'facebook', 'utm_medium': 'cpc', 'utm_campaign': 'regreso-a-clases', 'time_on_page': 12,
            'scroll_depth': 12, 'interactions': 12, 'metadata': {'event_type': 'add_to_cart',
            'load_time_ms': 820}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | PageAccessBatchOut]
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
    body: PageAccessBatchIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | PageAccessBatchOut | None:
    """Record a batch of events

     Public. Up to 500 events in one call. Every event is validated first; if any is invalid
    the answer is 400 naming each bad event by index (`events[3].scroll_depth`) and nothing
    is stored. Otherwise all are stored in one transaction. Repeated event ids behave as in
    the single call. Rate limited per client IP (one call counts once).

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (PageAccessBatchIn):  Example: {'events': [{'page_url': '/productos/mochilas',
            'page_title': 'Mochilas escolares | Tienda Enid', 'section': 'Productos destacados',
            'user_id': 'cliente-1842', 'session_id': 'ses-7f3a9c2e', 'event_id':
            'evt-2026-03-14-000187', 'user_agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36
            (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36', 'device_type': 'mobile',
            'browser': 'Chrome', 'os': 'Android', 'referrer': 'https://www.google.com/', 'utm_source':
            'facebook', 'utm_medium': 'cpc', 'utm_campaign': 'regreso-a-clases', 'time_on_page': 12,
            'scroll_depth': 12, 'interactions': 12, 'metadata': {'event_type': 'add_to_cart',
            'load_time_ms': 820}}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | PageAccessBatchOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
