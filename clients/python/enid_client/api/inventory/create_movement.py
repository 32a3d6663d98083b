from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.movement_in import MovementIn
from ...models.movement_recorded import MovementRecorded
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: MovementIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/movements/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | MovementRecorded | None:
    if response.status_code == 201:
        response_201 = MovementRecorded.from_dict(response.json())

        return response_201

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

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | MovementRecorded]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MovementIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorBody | MovementRecorded]:
    """Record a movement

     `in` adds units, `out` takes them (409 `insufficient_stock` beyond the level, and nothing
    is written), `adjust` sets the level and records the difference. The ledger row and the
    level change in one transaction; the answer carries the level after it. Unknown warehouse
    404, inactive warehouse 409. With an `Idempotency-Key`, a retry with the same body returns
    the first result without a second movement; the same key with another body is a 409
    `idempotency_conflict`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (MovementIn):  Example: {'product_id': 1042, 'warehouse_id': 3, 'movement_type':
            'in', 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura
            A-1043'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MovementRecorded]
    """

    kwargs = _get_kwargs(
        body=body,
        x_store_id=x_store_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: MovementIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorBody | MovementRecorded | None:
    """Record a movement

     `in` adds units, `out` takes them (409 `insufficient_stock` beyond the level, and nothing
    is written), `adjust` sets the level and records the difference. The ledger row and the
    level change in one transaction; the answer carries the level after it. Unknown warehouse
    404, inactive warehouse 409. With an `Idempotency-Key`, a retry with the same body returns
    the first result without a second movement; the same key with another body is a 409
    `idempotency_conflict`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (MovementIn):  Example: {'product_id': 1042, 'warehouse_id': 3, 'movement_type':
            'in', 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura
            A-1043'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MovementRecorded
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MovementIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorBody | MovementRecorded]:
    """Record a movement

     `in` adds units, `out` takes them (409 `insufficient_stock` beyond the level, and nothing
    is written), `adjust` sets the level and records the difference. The ledger row and the
    level change in one transaction; the answer carries the level after it. Unknown warehouse
    404, inactive warehouse 409. With an `Idempotency-Key`, a retry with the same body returns
    the first result without a second movement; the same key with another body is a 409
    `idempotency_conflict`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (MovementIn):  Example: {'product_id': 1042, 'warehouse_id': 3, 'movement_type':
            'in', 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura
            A-1043'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MovementRecorded]
    """

    kwargs = _get_kwargs(
        body=body,
        x_store_id=x_store_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: MovementIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorBody | MovementRecorded | None:
    """Record a movement

     `in` adds units, `out` takes them (409 `insufficient_stock` beyond the level, and nothing
    is written), `adjust` sets the level and records the difference. The ledger row and the
    level change in one transaction; the answer carries the level after it. Unknown warehouse
    404, inactive warehouse 409. With an `Idempotency-Key`, a retry with the same body returns
    the first result without a second movement; the same key with another body is a 409
    `idempotency_conflict`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (MovementIn):  Example: {'product_id': 1042, 'warehouse_id': 3, 'movement_type':
            'in', 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura
            A-1043'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MovementRecorded
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
