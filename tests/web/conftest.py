"""The web page's tests run the real server (uvicorn, in a thread) and drive Debian's
chromium with Playwright. One server and one browser per module.

Without chromium or Playwright they are skipped with the way to run them:
``apt-get install -y chromium fonts-noto-cjk`` and ``pip install -e '.[test]'``.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rotation_planner.io.report_pdf import FLAGS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOW = (
    "browser tests need Debian's chromium and Playwright for Python: "
    "apt-get install -y chromium fonts-noto-cjk && pip install -e '.[test]'"
)
# The flags the product prints its report with (Playwright adds its own headless mode).
ARGS = [f for f in FLAGS if f not in ("--headless", "--no-pdf-header-footer")]
SAMPLE = Path(__file__).parents[2] / "sample_data" / "sample_300.xlsx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A real server on a free port, in a thread; ``web`` is its application state."""

    def __init__(self, data: Path, **config: object) -> None:
        import uvicorn

        from rotation_planner.web.server import WebConfig, create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(WebConfig(port=self.port, data_dir=data, **config))  # type: ignore[arg-type]
        self.web = self.app.state.web
        cfg = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, access_log=False,
                             log_level="warning", lifespan="on")  # fmt: skip
        self.server = uvicorn.Server(cfg)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def playwright_browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip(HOW)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(HOW)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("state")
    s = Server(data, idle_cancel_s=2.0, jobs=2, max_upload_mb=5.0)
    yield s
    s.stop()
