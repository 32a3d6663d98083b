from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.verify_out import VerifyOut
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
        "url": "/inventory/verify/",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | VerifyOut | None:
    if response.status_code == 200:
        response_200 = VerifyOut.from_dict(response.json())

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
) -> Response[ErrorBody | VerifyOut]:
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
) -> Response[ErrorBody | VerifyOut]:
    """Verify levels against the ledger

     Recomputes every level of the store from its movements and lists the levels that differ
    (what `enid stock verify` checks); reads the whole ledger, so it takes a while on a large
    store. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | VerifyOut]
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
) -> ErrorBody | VerifyOut | None:
    """Verify levels against the ledger

     Recomputes every level of the store from its movements and lists the levels that differ
    (what `enid stock verify` checks); reads the whole ledger, so it takes a while on a large
    store. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | VerifyOut
    """

    return sync_detailed(
        client=client,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | VerifyOut]:
    """Verify levels against the ledger

     Recomputes every level of the store from its movements and lists the levels that differ
    (what `enid stock verify` checks); reads the whole ledger, so it takes a while on a large
    store. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | VerifyOut]
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
) -> ErrorBody | VerifyOut | None:
    """Verify levels against the ledger

     Recomputes every level of the store from its movements and lists the levels that differ
    (what `enid stock verify` checks); reads the whole ledger, so it takes a while on a large
    store. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | VerifyOut
    """

    return (
        await asyncio_detailed(
            client=client,
            x_store_id=x_store_id,
        )
    ).parsed
