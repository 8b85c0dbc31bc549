"""A deadline for reading a request body: a client trickling bytes gets 408, not a worker."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ipledger.api.problems import ApiProblem


class BodyTimeoutMiddleware:
    """Answer 408 (and close) when a request's body is not all in `seconds` after it began.

    Only the body is timed: once its last chunk arrived, `receive` waits as long as the
    app likes (e.g. for a disconnect). The 408 is an `ApiProblem` raised where the route
    reads the body, so the app's problem handler writes it, as for a body over its size
    limit. Headers trickled byte by byte never reach an ASGI app: bound them in the
    reverse proxy in front (nginx `client_header_timeout`).
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        """Wrap `app`; `seconds` > 0 is the whole body's deadline, from the request's start."""
        if seconds <= 0:
            raise ValueError("the body timeout must be positive")
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with a `receive` that gives up at the deadline."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        body_done = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise ApiProblem(
                    408,
                    f"the request body did not arrive within {self.seconds:g} s; send it "
                    "at once (split a large batch if the link is slow)",
                    slug="request-timeout",
                    headers={"Connection": "close"},
                ) from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, timed_receive, send)
