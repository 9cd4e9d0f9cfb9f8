"""Backups that restore: the database and every file of both storages, with checksums.

A backup is one folder, named for when it was taken (``ayase-20261130T031500Z``):

- ``manifest.json``: the format, when, the database engine, the migrations applied, and the
  sha256 and size of every other file in the folder;
- ``database.dump``: ``pg_dump --format=custom`` (PostgreSQL), or ``database.sqlite3``, a
  consistent copy made with SQLite's backup API (``make run``'s database);
- ``files/default/…`` and ``files/private/…``: every file of ``storages["default"]`` (public
  media) and ``storages["private"]`` (members-only files), read through the storage API, so
  that the same command backs up a disk or an S3 bucket and restores into either.

The database is dumped before the files are copied: every file a row of the dump names was
already stored (files are written before their row commits), so a restored row finds its file.
The exception is a file deleted or replaced in the seconds between the two steps; the pages
treat it as missing (a photo falls back to its master, a download is a 404), as they would
any missing file.

A restore checks everything before it changes anything: the manifest, every file's size and
checksum, the database engine, and that the database and both storages are empty (unless
forced). Then ``pg_restore`` in one transaction, then the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
STORAGE_ALIASES = ("default", "private")
NAME_PATTERN = re.compile(r"^ayase-\d{8}T\d{6}Z$")
CHUNK = 1024 * 1024
POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DUMP_FILES = {POSTGRESQL: "database.dump", SQLITE: "database.sqlite3"}


class BackupError(Exception):
    """What went wrong, for the operator: the commands print it and exit 1."""


@dataclass(frozen=True)
class Summary:
    path: Path
    files: int
    bytes: int


# --- Taking a backup -------------------------------------------------------------------------


def backup_create(*, into: Path) -> Summary:
    """Write a new backup folder in ``into``; a half-written one never looks complete (it is
    built under a hidden name and renamed at the end, and removed if anything fails)."""
    engine = _engine()
    name = timezone.now().strftime("ayase-%Y%m%dT%H%M%SZ")
    final = into / name
    if final.exists():
        raise BackupError(f"{final} already exists: wait a second and run the backup again.")
    partial = into / f".{name}.partial"
    try:
        partial.mkdir(parents=True)
    except OSError as error:
        raise BackupError(f"Cannot write the backup in {into}: {error.strerror}.") from None
    try:
        dump = partial / DUMP_FILES[engine]
        _dump_database(engine, dump)
        entries = [_entry("database", dump.name, dump)]
        for alias in STORAGE_ALIASES:
            entries += _copy_storage_out(alias, partial / "files" / alias)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"engine": engine, "file": dump.name},
            "migrations": _applied_migrations(),
            "files": entries,
        }
        (partial / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Summary(path=final, files=len(entries) - 1, bytes=sum(e["size"] for e in entries))


def backups_prune(*, folder: Path, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest complete backups in ``folder``; returns those removed.
    Only folders named and made by ``backup_create`` (with a manifest) are ever touched."""
    if keep < 1:
        raise BackupError("--keep must be at least 1: the newest backup is never removed.")
    found = sorted(
        (p for p in folder.iterdir() if NAME_PATTERN.match(p.name) and (p / MANIFEST).is_file()),
        key=lambda p: p.name,
    )
    removed = found[:-keep]
    for path in removed:
        shutil.rmtree(path)
    return removed


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the database Django uses: the password never on a command line."""
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS", {})
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program, arguments from settings)
            command, env=_pg_environment(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed: on Debian, apt-get install postgresql-client "
            "(its major version at least the server's)."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(engine: str, target: Path) -> None:
    if engine == POSTGRESQL:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
        return
    name = connection.settings_dict["NAME"]
    if not Path(name).is_file():
        raise BackupError(f"No database at {name}: nothing to back up.")
    try:
        source = sqlite3.connect(f"file:{name}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"Cannot copy the SQLite database {name}: {error}.") from None


def _applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def walk_storage(alias: str) -> Iterator[str]:
    """Every file's name in a storage, folders first-level to deepest, in a stable order."""
    storage = storages[alias]

    def walk(folder: str) -> Iterator[str]:
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # nothing was ever stored there
            return
        for name in sorted(files):
            yield posixpath.join(folder, name) if folder else name
        for name in sorted(folders):
            yield from walk(posixpath.join(folder, name) if folder else name)

    return walk("")


def _copy_storage_out(alias: str, folder: Path) -> list[dict]:
    try:
        return _copy_files_out(alias, folder)
    except BackupError:
        raise
    except Exception as error:  # a disk, a bucket, the network: whatever the backend raises
        raise BackupError(f"Cannot read the storage {alias!r}: {error}") from None


def _copy_files_out(alias: str, folder: Path) -> list[dict]:
    storage = storages[alias]
    entries = []
    for name in walk_storage(alias):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with storage.open(name, "rb") as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        entries.append({"storage": alias, "name": name, "size": size, "sha256": digest.hexdigest()})
    return entries


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(storage: str, name: str, path: Path) -> dict:
    return {"storage": storage, "name": name, "size": path.stat().st_size, "sha256": _sha256(path)}


# --- Restoring -------------------------------------------------------------------------------


def backup_restore(*, source: Path, force: bool = False) -> Summary:
    """Restore a backup into this installation's database and storages.

    Refuses (BackupError, nothing changed) a backup that is incomplete or altered, one of
    another database engine, and, unless ``force``, a database with tables or a storage with
    files. ``force`` replaces what the backup holds (``pg_restore --clean``; files of the same
    name overwritten) and leaves anything else in place.
    """
    manifest = read_manifest(source)
    entries = manifest["files"]
    verify(source, entries)
    engine = _engine()
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"This backup holds a {manifest['database']['engine']} database; this installation "
            f"uses {engine}. Set DATABASE_URL to a {manifest['database']['engine']} database."
        )
    _refuse_newer_release(manifest)
    try:
        if not force:
            _refuse_unless_empty()
        dump = source / manifest["database"]["file"]
        _restore_database(engine, dump, force=force)
        files = [e for e in entries if e["storage"] in STORAGE_ALIASES]
        for entry in files:
            _restore_file(source, entry, force=force)
    except BackupError:
        raise
    except Exception as error:  # a storage or the network: whatever the backend raises
        raise BackupError(f"The restore stopped: {error}") from None
    return Summary(path=source, files=len(files), bytes=sum(e["size"] for e in entries))


def read_manifest(source: Path) -> dict:
    if not source.is_dir():
        raise BackupError(f"No backup at {source}: give the folder that holds {MANIFEST}.")
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST}: it is not a complete backup.") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{source / MANIFEST} is damaged (not valid JSON).") from None
    try:
        if manifest["format"] != FORMAT:
            raise BackupError(f"{source} is a backup of format {manifest['format']}, not {FORMAT}.")
        database = manifest["database"]
        if (
            database["engine"] not in DUMP_FILES
            or database["file"] != DUMP_FILES[database["engine"]]
        ):
            raise BackupError(f"{source / MANIFEST} names an unknown database dump.")
        for entry in manifest["files"]:
            _check_entry(entry)
    except (KeyError, TypeError):
        raise BackupError(f"{source / MANIFEST} is damaged (fields missing).") from None
    if not any(e["storage"] == "database" for e in manifest["files"]):
        raise BackupError(f"{source / MANIFEST} lists no database dump.")
    return manifest


def _check_entry(entry: dict) -> None:
    name = entry["name"]
    storage = entry["storage"]
    int(entry["size"])
    str(entry["sha256"])
    if storage not in (*STORAGE_ALIASES, "database") or not _safe_name(name):
        raise BackupError(f"The manifest names a file it may not restore: {storage}/{name!r}.")


def _safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name or "\x00" in name or "\\" in name:
        return False
    if name.startswith("/") or posixpath.normpath(name) != name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _local_path(source: Path, entry: dict) -> Path:
    if entry["storage"] == "database":
        return source / entry["name"]
    return source / "files" / entry["storage"] / entry["name"]


def verify(source: Path, entries: list[dict]) -> None:
    """Every file of the manifest is there with its size and checksum, before anything is
    restored; the message names the first few that are not."""
    problems = []
    for entry in entries:
        path = _local_path(source, entry)
        label = (
            entry["name"]
            if entry["storage"] == "database"
            else f"{entry['storage']}/{entry['name']}"
        )
        if not path.is_file():
            problems.append(f"{label} is missing")
        elif path.stat().st_size != entry["size"]:
            problems.append(f"{label} has {path.stat().st_size} bytes, not {entry['size']}")
        elif _sha256(path) != entry["sha256"]:
            problems.append(f"{label} does not match its checksum")
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise BackupError(f"The backup at {source} is damaged, nothing was restored: {shown}.")


def _refuse_newer_release(manifest: dict) -> None:
    """A backup taken by a newer release has tables this code does not know: install that
    release first (an older backup is fine: `migrate` brings it up to date afterwards)."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            f"This backup was taken by a newer release of the portal ({len(unknown)} migrations "
            f"this code does not have, such as {unknown[0]}): install that release, then restore."
        )


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables): restore into a new, empty database (createdb), or add --force "
            "(make restore … FORCE=1) to replace what the backup holds."
        )
    for alias in STORAGE_ALIASES:
        first = next(walk_storage(alias), None)
        if first is not None:
            raise BackupError(
                f"The storage {alias!r} is not empty (it holds {first}): restore into empty "
                "folders or buckets, or add --force (make restore … FORCE=1) to overwrite "
                "the files the backup holds."
            )


def _restore_database(engine: str, dump: Path, *, force: bool) -> None:
    if engine == POSTGRESQL:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        command += ["--single-transaction", f"--dbname={connection.settings_dict['NAME']}"]
        if force:
            command += ["--clean", "--if-exists"]
        connection.close()
        _run([*command, str(dump)])
        return
    connection.close()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_file(source: Path, entry: dict, *, force: bool) -> None:
    storage = storages[entry["storage"]]
    name = entry["name"]
    if force and storage.exists(name):
        storage.delete(name)
    with _local_path(source, entry).open("rb") as handle:
        saved = storage.save(name, File(handle, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(
            f"The storage {entry['storage']!r} kept {name} as {saved}: a file of that name "
            "appeared meanwhile. Restore into an empty storage."
        )
