from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chat_failure_out import ChatFailureOut
from ...models.chat_in import ChatIn
from ...models.chat_out import ChatOut
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ChatIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/assistant/chat/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChatFailureOut | ChatOut | ErrorBody | None:
    if response.status_code == 201:
        response_201 = ChatOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = ErrorBody.from_dict(response.json())

        return response_408

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorBody.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ChatFailureOut.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ChatFailureOut | ChatOut | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ChatIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ChatFailureOut | ChatOut | ErrorBody]:
    """Chat with the assistant

     One turn: stores the message, answers it from the store's FAQs, return cards and
    knowledge (through the configured model, or offline), stores the answer. Omit
    `conversation_id` to start a conversation; keep the returned id to continue it (and to
    read it). A model failure or timeout is a 503 with a friendly Spanish `detail`: the
    message is kept and the next turn works. Rate limited per client IP and per
    conversation. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatFailureOut | ChatOut | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ChatIn,
    x_store_id: int | Unset = UNSET,
) -> ChatFailureOut | ChatOut | ErrorBody | None:
    """Chat with the assistant

     One turn: stores the message, answers it from the store's FAQs, return cards and
    knowledge (through the configured model, or offline), stores the answer. Omit
    `conversation_id` to start a conversation; keep the returned id to continue it (and to
    read it). A model failure or timeout is a 503 with a friendly Spanish `detail`: the
    message is kept and the next turn works. Rate limited per client IP and per
    conversation. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatFailureOut | ChatOut | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ChatIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ChatFailureOut | ChatOut | ErrorBody]:
    """Chat with the assistant

     One turn: stores the message, answers it from the store's FAQs, return cards and
    knowledge (through the configured model, or offline), stores the answer. Omit
    `conversation_id` to start a conversation; keep the returned id to continue it (and to
    read it). A model failure or timeout is a 503 with a friendly Spanish `detail`: the
    message is kept and the next turn works. Rate limited per client IP and per
    conversation. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatFailureOut | ChatOut | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ChatIn,
    x_store_id: int | Unset = UNSET,
) -> ChatFailureOut | ChatOut | ErrorBody | None:
    """Chat with the assistant

     One turn: stores the message, answers it from the store's FAQs, return cards and
    knowledge (through the configured model, or offline), stores the answer. Omit
    `conversation_id` to start a conversation; keep the returned id to continue it (and to
    read it). A model failure or timeout is a 503 with a friendly Spanish `detail`: the
    message is kept and the next turn works. Rate limited per client IP and per
    conversation. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatFailureOut | ChatOut | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
