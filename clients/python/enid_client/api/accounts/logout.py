from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.logout_in import LogoutIn
from ...types import Response


def _get_kwargs(
    *,
    body: LogoutIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/logout/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorBody | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: LogoutIn,
) -> Response[Any | ErrorBody]:
    """Log out

     Revokes the session of the presented access token and, when it is the caller's, the
    session of the given refresh token. Both stop working at once on every instance.

    Args:
        body (LogoutIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
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
    client: AuthenticatedClient,
    body: LogoutIn,
) -> Any | ErrorBody | None:
    """Log out

     Revokes the session of the presented access token and, when it is the caller's, the
    session of the given refresh token. Both stop working at once on every instance.

    Args:
        body (LogoutIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: LogoutIn,
) -> Response[Any | ErrorBody]:
    """Log out

     Revokes the session of the presented access token and, when it is the caller's, the
    session of the given refresh token. Both stop working at once on every instance.

    Args:
        body (LogoutIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: LogoutIn,
) -> Any | ErrorBody | None:
    """Log out

     Revokes the session of the presented access token and, when it is the caller's, the
    session of the given refresh token. Both stop working at once on every instance.

    Args:
        body (LogoutIn):  Example: {'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
