"""Saving a file in one step: a reader never sees half a file, a failure never leaves one.

Every writer (roster, plan, comparison) saves through ``save_atomically``. The content
goes to a temporary file in the target's folder, is flushed to disk, and is renamed over
the target, which the operating system does in one step. On any exception, Ctrl-C
included, the temporary file is removed and the old file stays as it was. The saved file
gets mode 0644 less the umask, as a file created the ordinary way would under the usual
umask 022, whichever writer made it (a temporary file starts private, 0600).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

FILE_MODE = 0o644


def save_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary_path)`` to write the content, then move it to ``path``.

    The folder of ``path`` must exist. Whatever ``write`` raises is raised again after
    the temporary file is removed; ``path`` is then untouched.
    """
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        os.close(handle)
        write(temporary)
        _fsync_file(temporary)
        os.chmod(temporary, FILE_MODE & ~current_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_folder(path.parent)


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it
    os.umask(mask)
    return mask


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(path: Path) -> None:
    """Make the rename itself durable; best effort, as not every system can."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
