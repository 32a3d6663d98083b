from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.return_request_detail_out import ReturnRequestDetailOut
from ...models.return_request_in import ReturnRequestIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ReturnRequestIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/returns/requests/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ReturnRequestDetailOut | None:
    if response.status_code == 201:
        response_201 = ReturnRequestDetailOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

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
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReturnRequestIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    """Ask for a return (public)

     Anonymous. Accepted up to the store's window (15 calendar days by default) after
    `delivered_at`, the last day included; later is a 409 `return_window_closed`, a delivery
    in the future a 400. The answer's `request_id` lets its holder follow the request. Rate
    limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ReturnRequestIn): What a customer sends to ask for a return. Example:
            {'order_reference': 'PED-2026-001234', 'customer_email': 'maria.garcia@gmail.com',
            'customer_name': 'María García Torres', 'delivered_at': '2026-03-05', 'reason': 'La talla
            no me quedó; la quiero cambiar por una más grande.', 'items': [{'product_id': 1042,
            'quantity': 1}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestDetailOut]
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
    body: ReturnRequestIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestDetailOut | None:
    """Ask for a return (public)

     Anonymous. Accepted up to the store's window (15 calendar days by default) after
    `delivered_at`, the last day included; later is a 409 `return_window_closed`, a delivery
    in the future a 400. The answer's `request_id` lets its holder follow the request. Rate
    limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ReturnRequestIn): What a customer sends to ask for a return. Example:
            {'order_reference': 'PED-2026-001234', 'customer_email': 'maria.garcia@gmail.com',
            'customer_name': 'María García Torres', 'delivered_at': '2026-03-05', 'reason': 'La talla
            no me quedó; la quiero cambiar por una más grande.', 'items': [{'product_id': 1042,
            'quantity': 1}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReturnRequestDetailOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReturnRequestIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    """Ask for a return (public)

     Anonymous. Accepted up to the store's window (15 calendar days by default) after
    `delivered_at`, the last day included; later is a 409 `return_window_closed`, a delivery
    in the future a 400. The answer's `request_id` lets its holder follow the request. Rate
    limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ReturnRequestIn): What a customer sends to ask for a return. Example:
            {'order_reference': 'PED-2026-001234', 'customer_email': 'maria.garcia@gmail.com',
            'customer_name': 'María García Torres', 'delivered_at': '2026-03-05', 'reason': 'La talla
            no me quedó; la quiero cambiar por una más grande.', 'items': [{'product_id': 1042,
            'quantity': 1}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestDetailOut]
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
    body: ReturnRequestIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestDetailOut | None:
    """Ask for a return (public)

     Anonymous. Accepted up to the store's window (15 calendar days by default) after
    `delivered_at`, the last day included; later is a 409 `return_window_closed`, a delivery
    in the future a 400. The answer's `request_id` lets its holder follow the request. Rate
    limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ReturnRequestIn): What a customer sends to ask for a return. Example:
            {'order_reference': 'PED-2026-001234', 'customer_email': 'maria.garcia@gmail.com',
            'customer_name': 'María García Torres', 'delivered_at': '2026-03-05', 'reason': 'La talla
            no me quedó; la quiero cambiar por una más grande.', 'items': [{'product_id': 1042,
            'quantity': 1}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReturnRequestDetailOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
