"""``planner serve``: the local web page, a front on the same ``api`` as the command line.

A Starlette application rendered on the server (Jinja2, autoescaped: a name is always
text), with a little JavaScript served by the application itself: nothing is loaded
from outside. Solves run in child processes (web/jobs.py); work lives in a private
temporary folder, what the user saves in the state folder (web/workspace.py).

Privacy: the server binds 127.0.0.1 unless told otherwise (and then answers only to
that name: another site's name pointed at this machine gets nothing), and bound to any
other address it requires the token given at start. Its access log is off (no address, no
query string is logged), an upload is refused beyond ``max_upload_mb``, and a form
posted from another site is refused (the Origin header must be this server's).
"""

from __future__ import annotations

import contextlib
import hmac
import threading
import webbrowser
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from rotation_planner.report import labels
from rotation_planner.web import hooks
from rotation_planner.web.jobs import JobBoard
from rotation_planner.web.workspace import Store

HERE = Path(__file__).parent
LOOPBACK = ("127.0.0.1", "localhost", "::1")
TOKEN_COOKIE = "planner_token"
LANG_COOKIE = "planner_lang"


@dataclass
class WebConfig:
    """How the server runs: where it listens, the token it asks for (required off the
    loopback address), the state folder, the upload limit, and how long a solve runs on
    with no page waiting for it (a closed tab) before it is stopped."""

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    data_dir: Path | None = None
    max_upload_mb: float = 50.0
    # A page polls twice a second while a job runs; a browser may slow a hidden tab's
    # timers to once a minute, so only two minutes of silence mean the tab is closed.
    idle_cancel_s: float = 120.0
    # A page that is closed or left says so; the job stops unless a page asks again
    # within this many seconds (the next page of the same roster does, at once).
    leave_grace_s: float = 10.0
    preload: list[Path] = field(default_factory=list)
    jobs: int | None = None  # what-if: scenarios solved at once (default: one per core)


class ConfigError(ValueError):
    """The server cannot start as asked (another address without a token)."""


def check_config(config: WebConfig) -> None:
    if config.host not in LOOPBACK and not config.token:
        raise ConfigError("token_required")


class App:
    """The application's state: config, rosters, jobs, templates."""

    def __init__(self, config: WebConfig) -> None:
        check_config(config)
        self.config = config
        self.store = Store(config.data_dir)
        self.jobs = JobBoard(config.idle_cancel_s)
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.closed = False
        self._close_lock = threading.Lock()

    def close(self) -> None:
        """Stop every solve and remove the private folder (server exit)."""
        with self._close_lock:
            if self.closed:
                return
            self.closed = True
        self.jobs.shutdown()
        self.store.close()

    def lang(self, request: Request) -> str:
        value = request.cookies.get(LANG_COOKIE, "zh")
        return value if value in labels.LANGS else "zh"

    def render(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> Response:
        lang = self.lang(request)

        def t(key: str, /, **fields: object) -> str:
            return labels.web(key, lang, **fields)

        html = self.env.get_template(template).render(
            t=t, lang=lang, request=request, hooks=hooks, path=request.url.path, **context
        )
        return HTMLResponse(html, status_code=status)

    def message(self, request: Request, key: str, status: int = 400, **fields: object) -> Response:
        """A page that says one thing (a refusal, a missing roster)."""
        return self.render(request, "message.html", status=status, key=key, fields=fields)


class Guard(BaseHTTPMiddleware):
    """The token (when set), the Origin of a posted form, and the upload size limit."""

    def __init__(self, app: Any, web: App) -> None:
        super().__init__(app)
        self.web = web

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if self.web.config.host in LOOPBACK:
            # Another site's name pointed at this machine (DNS rebinding) gets nothing.
            name = request.headers.get("host", "").rpartition(":")[0] or request.headers.get(
                "host", ""
            )
            if name not in ("127.0.0.1", "localhost", "[::1]"):
                return PlainTextResponse("unknown host", status_code=403)
        token = self.web.config.token
        if token:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given, token):
                response: Response = RedirectResponse(request.url.path, status_code=303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                return response
            held = request.cookies.get(TOKEN_COOKIE, "")
            bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
            if not (hmac.compare_digest(held, token) or hmac.compare_digest(bearer, token)):
                lang = self.web.lang(request)
                return PlainTextResponse(labels.web("need_token", lang), status_code=401)
        if request.method == "POST":
            origin = request.headers.get("origin")
            host = request.headers.get("host", "")
            if origin and origin not in ("null",) and origin.split("://", 1)[-1] != host:
                return PlainTextResponse("cross-site form refused", status_code=403)
            size = request.headers.get("content-length")
            limit = self.web.config.max_upload_mb * 1024 * 1024
            if size is None and request.headers.get("transfer-encoding"):
                return self.web.message(request, "too_large", 413,
                                        mb=self.web.config.max_upload_mb)  # fmt: skip
            if size is not None and int(size) > limit:
                return self.web.message(request, "too_large", 413,
                                        mb=self.web.config.max_upload_mb)  # fmt: skip
        return await call_next(request)


def create_app(config: WebConfig) -> Starlette:
    """The web application (the caller runs it with uvicorn; see ``serve``)."""
    from rotation_planner.web import pages

    web = App(config)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        for path in config.preload:
            pages.preload(web, path)
        try:
            yield
        finally:
            web.close()

    routes = [*pages.routes(web), Mount("/static", StaticFiles(directory=HERE / "static"),
                                        name="static")]  # fmt: skip
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(Guard, web=web)])
    app.state.web = web
    return app


def serve(config: WebConfig, *, open_browser: bool = True) -> None:
    """Run the page until Ctrl-C; every solve is stopped and the private folder removed
    on the way out."""
    import uvicorn

    app = create_app(config)
    url = (
        f"http://{'127.0.0.1' if config.host in ('0.0.0.0', '::') else config.host}:{config.port}/"
    )
    if config.token:
        url += f"?token={config.token}"
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    # No roster says which language to speak here: the locale does, as for --help.
    print(labels.web("serving", labels.help_lang(), url=url), flush=True)
    try:
        uvicorn.run(app, host=config.host, port=config.port, access_log=False, log_level="warning")
    finally:
        app.state.web.close()


__all__ = ["App", "ConfigError", "WebConfig", "create_app", "serve"]
