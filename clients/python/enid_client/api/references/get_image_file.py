from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.image_size_name import ImageSizeName
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    id: int,
    *,
    size: ImageSizeName | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    params: dict[str, Any] = {}

    json_size: str | Unset = UNSET
    if not isinstance(size, Unset):
        json_size = size.value

    params["size"] = json_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/image/{id}/file/".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorBody | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 206:
        response_206 = File(payload=BytesIO(response.content))

        return response_206

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 416:
        response_416 = ErrorBody.from_dict(response.json())

        return response_416

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorBody | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    size: ImageSizeName | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[Any | ErrorBody | File]:
    """Get an image file

     `size`: `original` (default), `medium` (≈1024 px) or `thumb` (≈256 px), with its
    `Content-Type`, a strong `ETag` and a year of `Cache-Control`; 304 when `If-None-Match`
    names the ETag; one `Range` of bytes gives 206. Public.

    Args:
        id (int):
        size (ImageSizeName | Unset): The files of an image: the original upload and its derived
            sizes. Example: original.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody | File]
    """

    kwargs = _get_kwargs(
        id=id,
        size=size,
        x_store_id=x_store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    size: ImageSizeName | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Any | ErrorBody | File | None:
    """Get an image file

     `size`: `original` (default), `medium` (≈1024 px) or `thumb` (≈256 px), with its
    `Content-Type`, a strong `ETag` and a year of `Cache-Control`; 304 when `If-None-Match`
    names the ETag; one `Range` of bytes gives 206. Public.

    Args:
        id (int):
        size (ImageSizeName | Unset): The files of an image: the original upload and its derived
            sizes. Example: original.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody | File
    """

    return sync_detailed(
        id=id,
        client=client,
        size=size,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    size: ImageSizeName | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Response[Any | ErrorBody | File]:
    """Get an image file

     `size`: `original` (default), `medium` (≈1024 px) or `thumb` (≈256 px), with its
    `Content-Type`, a strong `ETag` and a year of `Cache-Control`; 304 when `If-None-Match`
    names the ETag; one `Range` of bytes gives 206. Public.

    Args:
        id (int):
        size (ImageSizeName | Unset): The files of an image: the original upload and its derived
            sizes. Example: original.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody | File]
    """

    kwargs = _get_kwargs(
        id=id,
        size=size,
        x_store_id=x_store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient | Client,
    size: ImageSizeName | Unset = UNSET,
    x_store_id: int | Unset = UNSET,
) -> Any | ErrorBody | File | None:
    """Get an image file

     `size`: `original` (default), `medium` (≈1024 px) or `thumb` (≈256 px), with its
    `Content-Type`, a strong `ETag` and a year of `Cache-Control`; 304 when `If-None-Match`
    names the ETag; one `Range` of bytes gives 206. Public.

    Args:
        id (int):
        size (ImageSizeName | Unset): The files of an image: the original upload and its derived
            sizes. Example: original.
        x_store_id (int | Unset):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody | File
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            size=size,
            x_store_id=x_store_id,
        )
    ).parsed
