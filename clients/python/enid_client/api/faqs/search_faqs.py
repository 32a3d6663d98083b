from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.faq_hit_out import FaqHitOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    params: dict[str, Any] = {}

    params["q"] = q

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/faqs/search/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | list[FaqHitOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = FaqHitOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

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
) -> Response[ErrorBody | list[FaqHitOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | list[FaqHitOut]]:
    """Search FAQs

     Ranked full-text search over questions and answers, Spanish-aware and accent-insensitive:
    "devolucion" finds "devolución", "envios" finds "envío". Any word may match; a match in
    the question weighs more than one in the answer. A query of only stop words or
    punctuation finds nothing. `limit`: 1–50, default 10. Public: hidden FAQs only for staff.

    Args:
        q (str | Unset):
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[FaqHitOut]]
    """

    kwargs = _get_kwargs(
        q=q,
        limit=limit,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | list[FaqHitOut] | None:
    """Search FAQs

     Ranked full-text search over questions and answers, Spanish-aware and accent-insensitive:
    "devolucion" finds "devolución", "envios" finds "envío". Any word may match; a match in
    the question weighs more than one in the answer. A query of only stop words or
    punctuation finds nothing. `limit`: 1–50, default 10. Public: hidden FAQs only for staff.

    Args:
        q (str | Unset):
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[FaqHitOut]
    """

    return sync_detailed(
        client=client,
        q=q,
        limit=limit,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | list[FaqHitOut]]:
    """Search FAQs

     Ranked full-text search over questions and answers, Spanish-aware and accent-insensitive:
    "devolucion" finds "devolución", "envios" finds "envío". Any word may match; a match in
    the question weighs more than one in the answer. A query of only stop words or
    punctuation finds nothing. `limit`: 1–50, default 10. Public: hidden FAQs only for staff.

    Args:
        q (str | Unset):
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[FaqHitOut]]
    """

    kwargs = _get_kwargs(
        q=q,
        limit=limit,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | list[FaqHitOut] | None:
    """Search FAQs

     Ranked full-text search over questions and answers, Spanish-aware and accent-insensitive:
    "devolucion" finds "devolución", "envios" finds "envío". Any word may match; a match in
    the question weighs more than one in the answer. A query of only stop words or
    punctuation finds nothing. `limit`: 1–50, default 10. Public: hidden FAQs only for staff.

    Args:
        q (str | Unset):
        limit (int | Unset):
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[FaqHitOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            limit=limit,
            x_store_id=x_store_id,
        )
    ).parsed
