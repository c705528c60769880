"""Saving a file in one step: a reader never sees half a file, a failure never leaves one.

Every writer (roster, plan, comparison) saves through ``save_atomically``. The content
goes to a temporary file in the target's folder, is flushed to disk, and is renamed over
the target, which the operating system does in one step. On any exception, Ctrl-C
included, the temporary file is removed and the old file stays as it was. The saved file
gets mode 0644 less the umask, as a file created the ordinary way would under the usual
umask 022, whichever writer made it (a temporary file starts private, 0600).

``check_output`` finds, before any solving, what would make the save fail at the end:
a missing folder, a folder one cannot write in, a target that is a folder or an input.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from rotation_planner.io.errors import Issue, RosterError

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


def check_output(
    path: Path, inputs: Iterable[Path], lang: str, input_sha256: str | None = None
) -> None:
    """RosterError (in ``lang``) unless a workbook can be saved at ``path``: its folder
    exists and a file can be created in it (one is, and removed at once), ``path`` is no
    folder and no device, and it is none of ``inputs`` nor a copy of the roster (a file
    whose SHA-256 is ``input_sha256``). Call it before solving: a solve of minutes must
    not end in "cannot write". Nothing is left behind."""
    path = Path(path)
    folder = path.parent
    name = path.name or str(path)

    def refuse(kind: str, **params: object) -> RosterError:
        return RosterError([Issue.of(kind, file=name, folder=str(folder), **params)], lang)

    if not folder.is_dir():
        raise refuse("output_no_folder")
    if path.is_dir():
        raise refuse("output_is_folder")
    if path.exists() and not path.is_file():
        raise refuse("not_a_regular_file")
    target = path.resolve()
    for source in map(Path, inputs):
        if target == source.resolve() or (
            path.exists() and source.exists() and os.path.samefile(path, source)
        ):
            raise refuse("output_is_input")
    if input_sha256 and path.is_file() and _sha256(path) == input_sha256.lower():
        raise refuse("output_is_input")
    try:
        handle, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise refuse("output_unwritable", reason=type(error).__name__) from None
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
