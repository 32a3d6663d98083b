from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.lead_intake_in import LeadIntakeIn
from ...models.lead_out import LeadOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: LeadIntakeIn,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/lead/existence/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | LeadOut | None:
    if response.status_code == 200:
        response_200 = LeadOut.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = LeadOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorBody | LeadOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LeadIntakeIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadOut]:
    """Submit a lead (public intake)

     Anonymous. A new (email, lead type) in the store becomes a pending lead with `tryet` 1
    (201); the same again adds one to `tryet` and refreshes name, phone and products (200),
    keeping status and creation time. Emails compare case-insensitively; concurrent submits
    all count. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadIntakeIn): What the intake form sends. Example: {'name': 'Lucía Hernández
            Ramos', 'email': 'lucia.hernandez@gmail.com', 'phone_number': '+52 81 1234 5678',
            'lead_type': 2, 'products_interest': [1042, 1187]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadOut]
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
    client: AuthenticatedClient | Client,
    body: LeadIntakeIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadOut | None:
    """Submit a lead (public intake)

     Anonymous. A new (email, lead type) in the store becomes a pending lead with `tryet` 1
    (201); the same again adds one to `tryet` and refreshes name, phone and products (200),
    keeping status and creation time. Emails compare case-insensitively; concurrent submits
    all count. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadIntakeIn): What the intake form sends. Example: {'name': 'Lucía Hernández
            Ramos', 'email': 'lucia.hernandez@gmail.com', 'phone_number': '+52 81 1234 5678',
            'lead_type': 2, 'products_interest': [1042, 1187]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LeadIntakeIn,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | LeadOut]:
    """Submit a lead (public intake)

     Anonymous. A new (email, lead type) in the store becomes a pending lead with `tryet` 1
    (201); the same again adds one to `tryet` and refreshes name, phone and products (200),
    keeping status and creation time. Emails compare case-insensitively; concurrent submits
    all count. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadIntakeIn): What the intake form sends. Example: {'name': 'Lucía Hernández
            Ramos', 'email': 'lucia.hernandez@gmail.com', 'phone_number': '+52 81 1234 5678',
            'lead_type': 2, 'products_interest': [1042, 1187]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | LeadOut]
    """

    kwargs = _get_kwargs(
        body=body,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LeadIntakeIn,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | LeadOut | None:
    """Submit a lead (public intake)

     Anonymous. A new (email, lead type) in the store becomes a pending lead with `tryet` 1
    (201); the same again adds one to `tryet` and refreshes name, phone and products (200),
    keeping status and creation time. Emails compare case-insensitively; concurrent submits
    all count. Rate limited per client IP.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (LeadIntakeIn): What the intake form sends. Example: {'name': 'Lucía Hernández
            Ramos', 'email': 'lucia.hernandez@gmail.com', 'phone_number': '+52 81 1234 5678',
            'lead_type': 2, 'products_interest': [1042, 1187]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | LeadOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
