from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.product_stock_out import ProductStockOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    product_id: int,
    *,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/inventory/{product_id}/".format(
            product_id=quote(str(product_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ProductStockOut | None:
    if response.status_code == 200:
        response_200 = ProductStockOut.from_dict(response.json())

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
) -> Response[ErrorBody | ProductStockOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: int,
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ProductStockOut]:
    """Product stock

     A product's total, its level in each warehouse, its thresholds and whether it is low on
    stock. A product the store never stocked has a total of 0. Staff.

    Args:
        product_id (int):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ProductStockOut]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: int,
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ProductStockOut | None:
    """Product stock

     A product's total, its level in each warehouse, its thresholds and whether it is low on
    stock. A product the store never stocked has a total of 0. Staff.

    Args:
        product_id (int):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ProductStockOut
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    product_id: int,
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ProductStockOut]:
    """Product stock

     A product's total, its level in each warehouse, its thresholds and whether it is low on
    stock. A product the store never stocked has a total of 0. Staff.

    Args:
        product_id (int):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ProductStockOut]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: int,
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ProductStockOut | None:
    """Product stock

     A product's total, its level in each warehouse, its thresholds and whether it is low on
    stock. A product the store never stocked has a total of 0. Staff.

    Args:
        product_id (int):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ProductStockOut
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
            x_store_id=x_store_id,
        )
    ).parsed
