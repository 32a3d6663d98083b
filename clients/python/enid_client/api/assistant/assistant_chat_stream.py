from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.assistant_chat_stream_response_200 import AssistantChatStreamResponse200
from ...models.chat_in import ChatIn
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
        "url": "/assistant/chat/stream/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssistantChatStreamResponse200 | ErrorBody | None:
    if response.status_code == 200:
        response_200 = AssistantChatStreamResponse200.from_dict(response.text)

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AssistantChatStreamResponse200 | ErrorBody]:
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
) -> Response[AssistantChatStreamResponse200 | ErrorBody]:
    """Chat with the assistant, streamed

     The same turn as `/assistant/chat/`, answered as server-sent events while the model
    writes. Errors found before the answer starts (invalid message, unknown conversation,
    rate limit) are ordinary error responses. A client that leaves mid-answer keeps its
    message; the answer is stored only when it completes. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssistantChatStreamResponse200 | ErrorBody]
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
) -> AssistantChatStreamResponse200 | ErrorBody | None:
    """Chat with the assistant, streamed

     The same turn as `/assistant/chat/`, answered as server-sent events while the model
    writes. Errors found before the answer starts (invalid message, unknown conversation,
    rate limit) are ordinary error responses. A client that leaves mid-answer keeps its
    message; the answer is stored only when it completes. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssistantChatStreamResponse200 | ErrorBody
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
) -> Response[AssistantChatStreamResponse200 | ErrorBody]:
    """Chat with the assistant, streamed

     The same turn as `/assistant/chat/`, answered as server-sent events while the model
    writes. Errors found before the answer starts (invalid message, unknown conversation,
    rate limit) are ordinary error responses. A client that leaves mid-answer keeps its
    message; the answer is stored only when it completes. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssistantChatStreamResponse200 | ErrorBody]
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
) -> AssistantChatStreamResponse200 | ErrorBody | None:
    """Chat with the assistant, streamed

     The same turn as `/assistant/chat/`, answered as server-sent events while the model
    writes. Errors found before the answer starts (invalid message, unknown conversation,
    rate limit) are ordinary error responses. A client that leaves mid-answer keeps its
    message; the answer is stored only when it completes. Public.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (ChatIn):  Example: {'message': '¿Tienen la mochila escolar en color azul?',
            'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssistantChatStreamResponse200 | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
