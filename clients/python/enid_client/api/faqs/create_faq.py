from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.faq_in import FaqIn
from ...models.faq_out import FaqOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: FaqIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/faqs/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | FaqOut | None:
    if response.status_code == 201:
        response_201 = FaqOut.from_dict(response.json())

        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorBody | FaqOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: FaqIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | FaqOut]:
    """Create a FAQ

     A category that is not the store's is a 400 naming `category`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (FaqIn):  Example: {'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer':
            'Enviamos a todo México; el pedido llega en 3 a 5 días hábiles.', 'is_visible': True,
            'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean': 'Envío a domicilio',
            'position': 12}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | FaqOut]
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
    body: FaqIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | FaqOut | None:
    """Create a FAQ

     A category that is not the store's is a 400 naming `category`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (FaqIn):  Example: {'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer':
            'Enviamos a todo México; el pedido llega en 3 a 5 días hábiles.', 'is_visible': True,
            'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean': 'Envío a domicilio',
            'position': 12}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | FaqOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: FaqIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | FaqOut]:
    """Create a FAQ

     A category that is not the store's is a 400 naming `category`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (FaqIn):  Example: {'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer':
            'Enviamos a todo México; el pedido llega en 3 a 5 días hábiles.', 'is_visible': True,
            'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean': 'Envío a domicilio',
            'position': 12}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | FaqOut]
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
    body: FaqIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | FaqOut | None:
    """Create a FAQ

     A category that is not the store's is a 400 naming `category`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (FaqIn):  Example: {'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer':
            'Enviamos a todo México; el pedido llega en 3 a 5 días hábiles.', 'is_visible': True,
            'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean': 'Envío a domicilio',
            'position': 12}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | FaqOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
