from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.knowledge_out import KnowledgeOut
from ...models.knowledge_patch_in import KnowledgePatchIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: int,
    *,
    body: KnowledgePatchIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/assistant/knowledge/{id}/".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | KnowledgeOut | None:
    if response.status_code == 200:
        response_200 = KnowledgeOut.from_dict(response.json())

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
) -> Response[ErrorBody | KnowledgeOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: KnowledgePatchIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | KnowledgeOut]:
    """Update a knowledge entry

     Staff.

    Args:
        id (int):
        x_store_id (int | Unset):  Example: 1.
        body (KnowledgePatchIn):  Example: {'title': 'Garantía de mochilas', 'body': 'Las mochilas
            tienen 12 meses de garantía contra defectos de fábrica.', 'url':
            'https://tiendaenid.mx/garantias', 'tags': ['garantía', 'mochilas']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | KnowledgeOut]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: KnowledgePatchIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | KnowledgeOut | None:
    """Update a knowledge entry

     Staff.

    Args:
        id (int):
        x_store_id (int | Unset):  Example: 1.
        body (KnowledgePatchIn):  Example: {'title': 'Garantía de mochilas', 'body': 'Las mochilas
            tienen 12 meses de garantía contra defectos de fábrica.', 'url':
            'https://tiendaenid.mx/garantias', 'tags': ['garantía', 'mochilas']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | KnowledgeOut
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: KnowledgePatchIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | KnowledgeOut]:
    """Update a knowledge entry

     Staff.

    Args:
        id (int):
        x_store_id (int | Unset):  Example: 1.
        body (KnowledgePatchIn):  Example: {'title': 'Garantía de mochilas', 'body': 'Las mochilas
            tienen 12 meses de garantía contra defectos de fábrica.', 'url':
            'https://tiendaenid.mx/garantias', 'tags': ['garantía', 'mochilas']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | KnowledgeOut]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: KnowledgePatchIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | KnowledgeOut | None:
    """Update a knowledge entry

     Staff.

    Args:
        id (int):
        x_store_id (int | Unset):  Example: 1.
        body (KnowledgePatchIn):  Example: {'title': 'Garantía de mochilas', 'body': 'Las mochilas
            tienen 12 meses de garantía contra defectos de fábrica.', 'url':
            'https://tiendaenid.mx/garantias', 'tags': ['garantía', 'mochilas']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | KnowledgeOut
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
