import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.movement_page import MovementPage
from ...models.movement_type_name import MovementTypeName
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    product_id: int | Unset = UNSET,
    warehouse_id: int | Unset = UNSET,
    movement_type: MovementTypeName | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    params: dict[str, Any] = {}

    params["product_id"] = product_id

    params["warehouse_id"] = warehouse_id

    json_movement_type: str | Unset = UNSET
    if not isinstance(movement_type, Unset):
        json_movement_type = movement_type.value

    params["movement_type"] = json_movement_type

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/movements/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | MovementPage | None:
    if response.status_code == 200:
        response_200 = MovementPage.from_dict(response.json())

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
) -> Response[ErrorBody | MovementPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    product_id: int | Unset = UNSET,
    warehouse_id: int | Unset = UNSET,
    movement_type: MovementTypeName | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | MovementPage]:
    """List movements

     The stock ledger, newest first. Filters: `product_id`, `warehouse_id`, `movement_type`
    (`in`, `out`, `adjust`, `transfer`), `since` and `until` (RFC 3339, inclusive). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        movement_type (MovementTypeName | Unset): What a ledger row records. Example: in.
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MovementPage]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        warehouse_id=warehouse_id,
        movement_type=movement_type,
        since=since,
        until=until,
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
    product_id: int | Unset = UNSET,
    warehouse_id: int | Unset = UNSET,
    movement_type: MovementTypeName | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | MovementPage | None:
    """List movements

     The stock ledger, newest first. Filters: `product_id`, `warehouse_id`, `movement_type`
    (`in`, `out`, `adjust`, `transfer`), `since` and `until` (RFC 3339, inclusive). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        movement_type (MovementTypeName | Unset): What a ledger row records. Example: in.
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MovementPage
    """

    return sync_detailed(
        client=client,
        product_id=product_id,
        warehouse_id=warehouse_id,
        movement_type=movement_type,
        since=since,
        until=until,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    product_id: int | Unset = UNSET,
    warehouse_id: int | Unset = UNSET,
    movement_type: MovementTypeName | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | MovementPage]:
    """List movements

     The stock ledger, newest first. Filters: `product_id`, `warehouse_id`, `movement_type`
    (`in`, `out`, `adjust`, `transfer`), `since` and `until` (RFC 3339, inclusive). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        movement_type (MovementTypeName | Unset): What a ledger row records. Example: in.
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MovementPage]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        warehouse_id=warehouse_id,
        movement_type=movement_type,
        since=since,
        until=until,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    product_id: int | Unset = UNSET,
    warehouse_id: int | Unset = UNSET,
    movement_type: MovementTypeName | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | MovementPage | None:
    """List movements

     The stock ledger, newest first. Filters: `product_id`, `warehouse_id`, `movement_type`
    (`in`, `out`, `adjust`, `transfer`), `since` and `until` (RFC 3339, inclusive). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        movement_type (MovementTypeName | Unset): What a ledger row records. Example: in.
        since (datetime.datetime | Unset):
        until (datetime.datetime | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MovementPage
    """

    return (
        await asyncio_detailed(
            client=client,
            product_id=product_id,
            warehouse_id=warehouse_id,
            movement_type=movement_type,
            since=since,
            until=until,
            page=page,
            page_size=page_size,
            x_store_id=x_store_id,
        )
    ).parsed
