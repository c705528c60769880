"""The printable report written to disk: the HTML as it is, or printed to PDF by
headless Chromium (Debian's ``chromium`` package; nothing is downloaded at run time).

Chromium runs with a throw-away profile, no network and no sandbox (it runs as the
user, on a file the tool just wrote), and without its own header and footer (the
report's CSS numbers the pages). The file appears at its path only when complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from rotation_planner.io.atomic import save_atomically

# Where a browser that prints may be found, in order.
BROWSERS: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


class NoBrowser(RuntimeError):
    """No headless Chromium to print with (``apt-get install chromium fonts-noto-cjk``)."""


def find_browser() -> str | None:
    """The first browser of BROWSERS on the PATH (or ``$PLANNER_CHROMIUM``)."""
    named = os.environ.get("PLANNER_CHROMIUM")
    if named:
        return named
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_report(path: Path, html: str, *, timeout: float = 180.0) -> None:
    """Write the report at ``path``: HTML as it is, or a PDF printed by headless
    Chromium when the name ends in ``.pdf``. NoBrowser without one; RuntimeError when
    the printing fails (nothing is written then)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        save_atomically(path, lambda target: Path(target).write_text(html, encoding="utf-8"))
        return
    browser = find_browser()
    if browser is None:
        raise NoBrowser("no chromium on the PATH")
    with tempfile.TemporaryDirectory(prefix="planner-report-") as work:
        source, printed = Path(work) / "report.html", Path(work) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        args = [browser, *FLAGS, f"--user-data-dir={Path(work) / 'profile'}",
                f"--print-to-pdf={printed}", source.as_uri()]  # fmt: skip
        try:
            subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"chromium: {type(exc).__name__}") from None
        if not printed.is_file() or printed.stat().st_size == 0:
            raise RuntimeError("chromium printed nothing")
        data = printed.read_bytes()
    save_atomically(path, lambda target: Path(target).write_bytes(data))
