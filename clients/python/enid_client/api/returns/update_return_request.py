from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.return_request_detail_out import ReturnRequestDetailOut
from ...models.return_transition_in import ReturnTransitionIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    request_id: UUID,
    *,
    body: ReturnTransitionIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/returns/requests/{request_id}/".format(
            request_id=quote(str(request_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

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

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = ErrorBody.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorBody.from_dict(response.json())

        return response_415

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
    client: AuthenticatedClient,
    body: ReturnTransitionIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    """Move a return request

     requested → approved | rejected; approved → received → refunded. Each move is recorded
    with who, when and the note. Any other move is a 409 `invalid_return_transition`; when
    someone moved the request first, a 409 `return_status_changed`. Staff.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.
        body (ReturnTransitionIn):  Example: {'status': 'requested', 'note': 'Producto recibido
            sin daños.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestDetailOut]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        body=body,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    request_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ReturnTransitionIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestDetailOut | None:
    """Move a return request

     requested → approved | rejected; approved → received → refunded. Each move is recorded
    with who, when and the note. Any other move is a 409 `invalid_return_transition`; when
    someone moved the request first, a 409 `return_status_changed`. Staff.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.
        body (ReturnTransitionIn):  Example: {'status': 'requested', 'note': 'Producto recibido
            sin daños.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReturnRequestDetailOut
    """

    return sync_detailed(
        request_id=request_id,
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    request_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ReturnTransitionIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ReturnRequestDetailOut]:
    """Move a return request

     requested → approved | rejected; approved → received → refunded. Each move is recorded
    with who, when and the note. Any other move is a 409 `invalid_return_transition`; when
    someone moved the request first, a 409 `return_status_changed`. Staff.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.
        body (ReturnTransitionIn):  Example: {'status': 'requested', 'note': 'Producto recibido
            sin daños.'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReturnRequestDetailOut]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
        body=body,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    request_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ReturnTransitionIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ReturnRequestDetailOut | None:
    """Move a return request

     requested → approved | rejected; approved → received → refunded. Each move is recorded
    with who, when and the note. Any other move is a 409 `invalid_return_transition`; when
    someone moved the request first, a 409 `return_status_changed`. Staff.

    Args:
        request_id (UUID):
        x_store_id (int | Unset):  Example: 1.
        body (ReturnTransitionIn):  Example: {'status': 'requested', 'note': 'Producto recibido
            sin daños.'}.

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
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
