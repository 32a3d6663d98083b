from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.lead_type_in import LeadTypeIn
from ...models.lead_type_out import LeadTypeOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: LeadTypeIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/lead-type/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | LeadTypeOut | None:
    if response.status_code == 201:
        response_201 = LeadTypeOut.from_dict(response.json())

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
) -> Response[ErrorBody | LeadTypeOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: LeadTypeIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadTypeOut]:
    """Create a lead type

     Adds a lead type with the store's next free id. A name the store already uses (ignoring
    case and accents) is a 409 `lead_type_name_taken`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadTypeIn):  Example: {'name': 'Mayoreo', 'is_active': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadTypeOut]
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
    body: LeadTypeIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadTypeOut | None:
    """Create a lead type

     Adds a lead type with the store's next free id. A name the store already uses (ignoring
    case and accents) is a 409 `lead_type_name_taken`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadTypeIn):  Example: {'name': 'Mayoreo', 'is_active': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadTypeOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: LeadTypeIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadTypeOut]:
    """Create a lead type

     Adds a lead type with the store's next free id. A name the store already uses (ignoring
    case and accents) is a 409 `lead_type_name_taken`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadTypeIn):  Example: {'name': 'Mayoreo', 'is_active': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadTypeOut]
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
    body: LeadTypeIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadTypeOut | None:
    """Create a lead type

     Adds a lead type with the store's next free id. A name the store already uses (ignoring
    case and accents) is a 409 `lead_type_name_taken`. Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadTypeIn):  Example: {'name': 'Mayoreo', 'is_active': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadTypeOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
