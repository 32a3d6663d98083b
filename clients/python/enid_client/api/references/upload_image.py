from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.image_out import ImageOut
from ...models.upload_image_body import UploadImageBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: UploadImageBody,
    x_store_id: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_store_id, Unset):
        headers["X-Store-Id"] = str(x_store_id)

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/image/upload/",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | ImageOut | None:
    if response.status_code == 201:
        response_201 = ImageOut.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | ImageOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadImageBody,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ImageOut]:
    """Upload an image

     `multipart/form-data` with `file` and optional `title`, `description`, `is_main` and
    `business` (a slug). JPEG, PNG, WebP and GIF only, recognised by content (415 otherwise);
    over `ENID_MAX_UPLOAD_BYTES` (default 10 MiB) 413; corrupt, truncated or over 50
    megapixels 400. The thumb (≈256 px) and medium (≈1024 px) sizes are made now, EXIF
    orientation applied and metadata left out. Identical bytes reuse the stored files.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UploadImageBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ImageOut]
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
    body: UploadImageBody,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ImageOut | None:
    """Upload an image

     `multipart/form-data` with `file` and optional `title`, `description`, `is_main` and
    `business` (a slug). JPEG, PNG, WebP and GIF only, recognised by content (415 otherwise);
    over `ENID_MAX_UPLOAD_BYTES` (default 10 MiB) 413; corrupt, truncated or over 50
    megapixels 400. The thumb (≈256 px) and medium (≈1024 px) sizes are made now, EXIF
    orientation applied and metadata left out. Identical bytes reuse the stored files.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UploadImageBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ImageOut
    """

    return sync_detailed(
        client=client,
        body=body,
        x_store_id=x_store_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadImageBody,
    x_store_id: int | Unset = UNSET,
) -> Response[ErrorBody | ImageOut]:
    """Upload an image

     `multipart/form-data` with `file` and optional `title`, `description`, `is_main` and
    `business` (a slug). JPEG, PNG, WebP and GIF only, recognised by content (415 otherwise);
    over `ENID_MAX_UPLOAD_BYTES` (default 10 MiB) 413; corrupt, truncated or over 50
    megapixels 400. The thumb (≈256 px) and medium (≈1024 px) sizes are made now, EXIF
    orientation applied and metadata left out. Identical bytes reuse the stored files.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UploadImageBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ImageOut]
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
    body: UploadImageBody,
    x_store_id: int | Unset = UNSET,
) -> ErrorBody | ImageOut | None:
    """Upload an image

     `multipart/form-data` with `file` and optional `title`, `description`, `is_main` and
    `business` (a slug). JPEG, PNG, WebP and GIF only, recognised by content (415 otherwise);
    over `ENID_MAX_UPLOAD_BYTES` (default 10 MiB) 413; corrupt, truncated or over 50
    megapixels 400. The thumb (≈256 px) and medium (≈1024 px) sizes are made now, EXIF
    orientation applied and metadata left out. Identical bytes reuse the stored files.
    Staff.

    Args:
        x_store_id (int | Unset):  Example: 1.
        body (UploadImageBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ImageOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_store_id=x_store_id,
        )
    ).parsed
