from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.transfer_in import TransferIn
from ...models.transfer_recorded import TransferRecorded
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TransferIn,
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
        "url": "/movements/transfer/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | TransferRecorded | None:
    if response.status_code == 201:
        response_201 = TransferRecorded.from_dict(response.json())

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
) -> Response[ErrorBody | TransferRecorded]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TransferIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorBody | TransferRecorded]:
    """Transfer stock

     Moves units of a product between two warehouses of the store: both ledger rows (type
    `transfer`, sharing a `transfer_id`) and both levels in one transaction. 409
    `insufficient_stock` when the source has fewer units. `Idempotency-Key` as for movements.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (TransferIn):  Example: {'product_id': 1042, 'from_warehouse_id': 42,
            'to_warehouse_id': 42, 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Reabasto de la
            sucursal San Pedro'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TransferRecorded]
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
    body: TransferIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorBody | TransferRecorded | None:
    """Transfer stock

     Moves units of a product between two warehouses of the store: both ledger rows (type
    `transfer`, sharing a `transfer_id`) and both levels in one transaction. 409
    `insufficient_stock` when the source has fewer units. `Idempotency-Key` as for movements.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (TransferIn):  Example: {'product_id': 1042, 'from_warehouse_id': 42,
            'to_warehouse_id': 42, 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Reabasto de la
            sucursal San Pedro'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TransferRecorded
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
    body: TransferIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorBody | TransferRecorded]:
    """Transfer stock

     Moves units of a product between two warehouses of the store: both ledger rows (type
    `transfer`, sharing a `transfer_id`) and both levels in one transaction. 409
    `insufficient_stock` when the source has fewer units. `Idempotency-Key` as for movements.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (TransferIn):  Example: {'product_id': 1042, 'from_warehouse_id': 42,
            'to_warehouse_id': 42, 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Reabasto de la
            sucursal San Pedro'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TransferRecorded]
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
    body: TransferIn,
    x_store_id: int | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorBody | TransferRecorded | None:
    """Transfer stock

     Moves units of a product between two warehouses of the store: both ledger rows (type
    `transfer`, sharing a `transfer_id`) and both levels in one transaction. 409
    `insufficient_stock` when the source has fewer units. `Idempotency-Key` as for movements.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        idempotency_key (str | Unset):  Example: 4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60.
        body (TransferIn):  Example: {'product_id': 1042, 'from_warehouse_id': 42,
            'to_warehouse_id': 42, 'quantity': 12, 'reference': 'FAC-A-1043', 'note': 'Reabasto de la
            sucursal San Pedro'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TransferRecorded
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
