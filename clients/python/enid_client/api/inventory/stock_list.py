from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.stock_list_response_200 import StockListResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/movements/stock-list/",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | StockListResponse200 | None:
    if response.status_code == 200:
        response_200 = StockListResponse200.from_dict(response.json())

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
) -> Response[ErrorBody | StockListResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | StockListResponse200]:
    """Stock list (compatibility)

     The original service's read: `{"<product_id>": total}` for every stocked product, in one
    query. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | StockListResponse200]
    """

    kwargs = _get_kwargs(
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | StockListResponse200 | None:
    """Stock list (compatibility)

     The original service's read: `{"<product_id>": total}` for every stocked product, in one
    query. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | StockListResponse200
    """

    return sync_detailed(
        client=client,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | StockListResponse200]:
    """Stock list (compatibility)

     The original service's read: `{"<product_id>": total}` for every stocked product, in one
    query. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | StockListResponse200]
    """

    kwargs = _get_kwargs(
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | StockListResponse200 | None:
    """Stock list (compatibility)

     The original service's read: `{"<product_id>": total}` for every stocked product, in one
    query. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | StockListResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            x_store_id=x_store_id,
        )
    ).parsed
