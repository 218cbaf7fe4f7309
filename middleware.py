"""The HTTP edge of the service: request ids, a request-body size limit, security headers, and
the GraphQL-over-HTTP media types (which one a client gets, and the GraphQL-shaped body of every
refusal made before GraphQL runs)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import orjson
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def json_bytes(data: object) -> bytes:
    """A response body: UTF-8 JSON, Chinese as itself rather than \\uXXXX escapes, by orjson.
    Values orjson refuses (an integer beyond 64 bits in a JSON scalar) go through the json
    module, which writes them as they are."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


# The GraphQL-over-HTTP media types: the spec's own, and the legacy one every client reads.
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"


class RequestId:
    """Echo the client's X-Request-Id, or make one, so a request can be found in the logs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = headers.get(b"x-request-id", b"")[:64] or uuid.uuid4().hex.encode()
        scope.setdefault("state", {})["request_id"] = request_id.decode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id))
            await send(message)

        await self.app(scope, receive, send_with_id)


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuse request bodies over `max_bytes` with 413, before parsing them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except BodyTooLarge:
            await self.refuse(send)

    async def refuse(self, send: Send) -> None:
        body: dict[str, Any] = {
            "errors": [
                {
                    "message": f"Request body larger than {self.max_bytes} bytes",
                    "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                }
            ]
        }
        payload = json_bytes(body)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def negotiate(accept: str | None) -> str | None:
    """The media type of a GraphQL response for this `Accept` header: the spec's
    `application/graphql-response+json` when the client prefers it (or likes both equally),
    `application/json` when it accepts that or anything (`*/*`, `application/*`), and for a
    missing header (legacy clients); None when nothing we can send is acceptable (406)."""
    if not accept or not accept.strip():
        return JSON
    quality: dict[str, float] = {}
    for item in accept.split(","):
        media_type, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media_type = media_type.lower()
        quality[media_type] = max(q, quality.get(media_type, 0.0))
    spec = quality.get(GRAPHQL_RESPONSE_JSON, 0.0)
    legacy = max(quality.get(JSON, 0.0), quality.get("application/*", 0.0), quality.get("*/*", 0.0))
    if spec > 0 and spec >= legacy:
        return GRAPHQL_RESPONSE_JSON
    if legacy > 0:
        return JSON
    return None


# What a 503 tells clients to wait before retrying (the database down, busy or slow).
RETRY_AFTER_SECONDS = 5

# The `extensions.code` of each status a refusal before GraphQL can have.
STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    503: "SERVICE_UNAVAILABLE",
}


def graphql_error_response(
    status: int,
    message: str,
    *,
    media_type: str | None = JSON,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A refusal in the shape of a GraphQL response (`errors` only, no `data`), so clients
    read it like any other error: every 4xx and 503 the service answers has this body."""
    error = {"message": message, "extensions": {"code": code or STATUS_CODES.get(status, "BAD_REQUEST")}}
    return Response(
        json_bytes({"errors": [error]}), status_code=status, media_type=media_type or JSON, headers=headers
    )


class SecurityHeaders:
    """`X-Content-Type-Options: nosniff` on every response, and `Cache-Control: no-store` on
    every answer to a signed-in request (it may carry personal data: no cache may keep it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        signed_in = any(name == b"authorization" for name, _ in scope["headers"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers.append((b"x-content-type-options", b"nosniff"))
                if signed_in:
                    headers[:] = [
                        (name, value) for name, value in headers if name.lower() != b"cache-control"
                    ]
                    headers.append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, send_with_headers)
