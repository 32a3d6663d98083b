from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.refresh_in import RefreshIn
from ...models.token_out import TokenOut
from ...types import Response


def _get_kwargs(
    *,
    body: RefreshIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/login/refresh-token/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | TokenOut | None:
    if response.status_code == 200:
        response_200 = TokenOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

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
) -> Response[ErrorBody | TokenOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshIn,
) -> Response[ErrorBody | TokenOut]:
    """Refresh the tokens

     Exchanges a refresh token for a new pair; the presented token is used up. Of concurrent
    requests with one token (two tabs, a retry) exactly one gets the pair; the others are a
    401, and the session is kept when they come within the reuse grace
    (`ENID_REFRESH_REUSE_GRACE`, 10 s by default) of the exchange. Presenting a used token
    later, or a revoked or expired one, is a 401 and revokes its whole session.

    Args:
        body (RefreshIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TokenOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshIn,
) -> ErrorBody | TokenOut | None:
    """Refresh the tokens

     Exchanges a refresh token for a new pair; the presented token is used up. Of concurrent
    requests with one token (two tabs, a retry) exactly one gets the pair; the others are a
    401, and the session is kept when they come within the reuse grace
    (`ENID_REFRESH_REUSE_GRACE`, 10 s by default) of the exchange. Presenting a used token
    later, or a revoked or expired one, is a 401 and revokes its whole session.

    Args:
        body (RefreshIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TokenOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshIn,
) -> Response[ErrorBody | TokenOut]:
    """Refresh the tokens

     Exchanges a refresh token for a new pair; the presented token is used up. Of concurrent
    requests with one token (two tabs, a retry) exactly one gets the pair; the others are a
    401, and the session is kept when they come within the reuse grace
    (`ENID_REFRESH_REUSE_GRACE`, 10 s by default) of the exchange. Presenting a used token
    later, or a revoked or expired one, is a 401 and revokes its whole session.

    Args:
        body (RefreshIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TokenOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RefreshIn,
) -> ErrorBody | TokenOut | None:
    """Refresh the tokens

     Exchanges a refresh token for a new pair; the presented token is used up. Of concurrent
    requests with one token (two tabs, a retry) exactly one gets the pair; the others are a
    401, and the session is kept when they come within the reuse grace
    (`ENID_REFRESH_REUSE_GRACE`, 10 s by default) of the exchange. Presenting a used token
    later, or a revoked or expired one, is a 401 and revokes its whole session.

    Args:
        body (RefreshIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TokenOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
