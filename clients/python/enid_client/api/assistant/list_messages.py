from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.message_page import MessagePage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    conversation_id: UUID,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    params: dict[str, Any] = {}

    json_conversation_id = str(conversation_id)
    params["conversation_id"] = json_conversation_id

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/message/",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | MessagePage | None:
    if response.status_code == 200:
        response_200 = MessagePage.from_dict(response.json())

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
) -> Response[ErrorBody | MessagePage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    conversation_id: UUID,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | MessagePage]:
    """List a conversation's messages

     Oldest first. No login needed: the conversation's uuid is what gives access.

    Args:
        conversation_id (UUID):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MessagePage]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
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
    client: AuthenticatedClient | Client,
    conversation_id: UUID,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | MessagePage | None:
    """List a conversation's messages

     Oldest first. No login needed: the conversation's uuid is what gives access.

    Args:
        conversation_id (UUID):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MessagePage
    """

    return sync_detailed(
        client=client,
        conversation_id=conversation_id,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    conversation_id: UUID,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | MessagePage]:
    """List a conversation's messages

     Oldest first. No login needed: the conversation's uuid is what gives access.

    Args:
        conversation_id (UUID):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MessagePage]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        page=page,
        page_size=page_size,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    conversation_id: UUID,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | MessagePage | None:
    """List a conversation's messages

     Oldest first. No login needed: the conversation's uuid is what gives access.

    Args:
        conversation_id (UUID):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MessagePage
    """

    return (
        await asyncio_detailed(
            client=client,
            conversation_id=conversation_id,
            page=page,
            page_size=page_size,
            x_store_id=x_store_id,
        )
    ).parsed
