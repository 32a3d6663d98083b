from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.return_request_detail_out import ReturnRequestDetailOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    request_id: UUID,
    *,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/returns/requests/{request_id}/".format(
            request_id=quote(str(request_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ReturnRequestDetailOut | None:
    if response.status_code == 200:
        response_200 = ReturnRequestDetailOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

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
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    request_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    """Read a return request

     The request with its status history. No login needed: the `request_id` is what gives
    access.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestDetailOut]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    request_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestDetailOut | None:
    """Read a return request

     The request with its status history. No login needed: the `request_id` is what gives
    access.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReturnRequestDetailOut
    """

    return sync_detailed(
        request_id=request_id,
        client=client,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    request_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    """Read a return request

     The request with its status history. No login needed: the `request_id` is what gives
    access.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestDetailOut]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    request_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestDetailOut | None:
    """Read a return request

     The request with its status history. No login needed: the `request_id` is what gives
    access.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReturnRequestDetailOut
    """

    return (
        await asyncio_detailed(
            request_id=request_id,
            client=client,
            x_store_id=x_store_id,
        )
    ).parsed
