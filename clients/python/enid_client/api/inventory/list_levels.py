from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.stock_level_page import StockLevelPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    product_id: int | Unset = UNSET,
    warehouse_id: int | Unset = UNSET,
    low_stock: bool | Unset = UNSET,
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

    params["low_stock"] = low_stock

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/inventory/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | StockLevelPage | None:
    if response.status_code == 200:
        response_200 = StockLevelPage.from_dict(response.json())

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
) -> Response[ErrorBody | StockLevelPage]:
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
    low_stock: bool | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | StockLevelPage]:
    """List stock levels

     Levels by product and warehouse. Filters: `product_id`, `warehouse_id`, and `low_stock`
    (`true`: only products below their `min_stock`; `false`: only the others). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        low_stock (bool | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | StockLevelPage]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        warehouse_id=warehouse_id,
        low_stock=low_stock,
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
    low_stock: bool | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | StockLevelPage | None:
    """List stock levels

     Levels by product and warehouse. Filters: `product_id`, `warehouse_id`, and `low_stock`
    (`true`: only products below their `min_stock`; `false`: only the others). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        low_stock (bool | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | StockLevelPage
    """

    return sync_detailed(
        client=client,
        product_id=product_id,
        warehouse_id=warehouse_id,
        low_stock=low_stock,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    product_id: int | Unset = UNSET,
    warehouse_id: int | Unset = UNSET,
    low_stock: bool | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | StockLevelPage]:
    """List stock levels

     Levels by product and warehouse. Filters: `product_id`, `warehouse_id`, and `low_stock`
    (`true`: only products below their `min_stock`; `false`: only the others). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        low_stock (bool | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | StockLevelPage]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        warehouse_id=warehouse_id,
        low_stock=low_stock,
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
    low_stock: bool | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | StockLevelPage | None:
    """List stock levels

     Levels by product and warehouse. Filters: `product_id`, `warehouse_id`, and `low_stock`
    (`true`: only products below their `min_stock`; `false`: only the others). Staff.

    Args:
        product_id (int | Unset):
        warehouse_id (int | Unset):
        low_stock (bool | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | StockLevelPage
    """

    return (
        await asyncio_detailed(
            client=client,
            product_id=product_id,
            warehouse_id=warehouse_id,
            low_stock=low_stock,
            page=page,
            page_size=page_size,
            x_store_id=x_store_id,
        )
    ).parsed
