"""Encrypted, checksummed backups of the database and the uploaded files, and their restore.

An archive `baruga-backup-<UTC time>.tar.enc` is a tar, encrypted as a stream with AES-256-GCM
(`baruga.security.crypto`), holding:

    manifest.json      what the archive holds: time, engine and dump format, migration state per
                       app, Baruga version/commit, and the SHA-256 and size of every other member
                       and of every uploaded file
    database.<ext>     the consistent database dump (`baruga.security.databases`)
    media.tar          MEDIA_ROOT

Beside it, `<archive>.sha256` (sha256sum format) lets anyone check the transfer without the key.
A restore checks that file, decrypts and authenticates everything into a private staging
folder and checks every hash in the manifest *before* it touches the target installation.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from baruga.lib import crypto as data_crypto
from baruga.security import crypto, databases
from baruga.security.keys import BackupError, configured_keys

FORMAT = "baruga-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
COPY_CHUNK = 1024 * 1024


def human_size(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def _silent(message):
    pass


def baruga_release():
    """Version and commit of the running code: from BARUGA_VERSION / BARUGA_COMMIT, else the checkout."""
    commit = os.environ.get("BARUGA_COMMIT", "") or _checkout_commit(Path(settings.BASE_DIR) / ".git")
    return {"version": os.environ.get("BARUGA_VERSION", "") or None, "commit": commit or None}


def _checkout_commit(git_dir):
    # Read the files (no git process): the deployment may not have git installed.
    try:
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        ref_file = git_dir / ref
        if ref_file.exists():
            return ref_file.read_text().strip()
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        pass
    return ""


class _HashingReader:
    def __init__(self, raw):
        self._raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self._raw.read(size)
        self.sha256.update(data)
        return data


# -- backup -------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    checksum_path: Path
    size: int
    sha256: str
    manifest: dict
    seconds: float


def create_backup(*, output_dir, progress=_silent):
    """Write a backup of the running installation into `output_dir`; returns a BackupResult."""
    started = time.monotonic()
    key = configured_keys()[0]  # fail before any work when no key is configured
    output_dir = Path(output_dir)
    if output_dir.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError("Folder tujuan tidak boleh berada di dalam MEDIA_ROOT (cadangan akan ikut dicadangkan).")
    output_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="baruga-backup-"))  # 0700: the dump is plaintext here
    try:
        created_at = dt.datetime.now(dt.UTC)
        # The database first: every file its rows name is then on disk when the tar is made.
        database, migrations = _dump_database(staging, progress)
        media_files = _dump_media(staging, progress)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "baruga": baruga_release(),
            "django": django.get_version(),
            "database": database,
            "migrations": migrations,
            "files": [_member(staging / database["file"]), _member(staging / MEDIA_TAR)],
            "media": {"files": media_files, "count": len(media_files), "bytes": sum(f["size"] for f in media_files)},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")

        progress("Mengenkripsi arsip (AES-256-GCM)…")
        path = _free_name(output_dir, created_at)
        digest, size = _encrypt_members(staging, [MANIFEST, database["file"], MEDIA_TAR], path, key)
        checksum_path = path.with_name(path.name + ".sha256")
        _write_private(checksum_path, f"{digest}  {path.name}\n".encode())
        progress(f"Arsip: {path} ({human_size(size)})")
        progress(f"SHA-256: {digest} (ditulis di {checksum_path.name})")
        return BackupResult(path, checksum_path, size, digest, manifest, time.monotonic() - started)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _dump_database(staging, progress):
    dumper, note = databases.dumper_for(connection)
    if note:
        progress(note)
    progress("Mencadangkan basis data…")
    path = staging / dumper.filename
    info = dumper.dump(path, connection)
    migrations, tables = info.pop("migrations"), info.pop("tables")
    progress(f"  basis data: {human_size(path.stat().st_size)} ({dumper.format}), "
             f"{len(tables)} tabel, {sum(tables.values())} baris")
    database = {"engine": connection.vendor, "format": dumper.format, "file": dumper.filename, **info,
                "tables": tables}
    return database, migrations


def _dump_media(staging, progress):
    progress(f"Mencadangkan berkas unggahan dari {settings.MEDIA_ROOT}…")
    media_files, skipped = _tar_media(Path(settings.MEDIA_ROOT), staging / MEDIA_TAR)
    for name in skipped:
        progress(f"  dilewati (bukan berkas biasa): {name}")
    progress(f"  {len(media_files)} berkas, {human_size(sum(f['size'] for f in media_files))}")
    return media_files


def _member(path):
    digest, size = crypto.sha256_of(path)
    return {"name": path.name, "size": size, "sha256": digest}


def _free_name(output_dir, created_at):
    stem = f"baruga-backup-{created_at:%Y%m%dT%H%M%SZ}"
    path, n = output_dir / f"{stem}.tar.enc", 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        n += 1
        path = output_dir / f"{stem}-{n}.tar.enc"
    return path


def _write_private(path, data):
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(partial, path)


def _tar_media(root, out_path):
    """Tar MEDIA_ROOT, hashing each file from the very bytes that go into the tar."""
    entries, skipped = [], []
    with tarfile.open(out_path, "w", format=tarfile.PAX_FORMAT) as tar:
        if not root.is_dir():
            return entries, skipped
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                full = Path(dirpath) / name
                rel = full.relative_to(root).as_posix()
                if full.is_symlink() or not full.is_file():
                    skipped.append(rel)
                    continue
                with open(full, "rb") as f:
                    info = tar.gettarinfo(arcname=rel, fileobj=f)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    reader = _HashingReader(f)
                    tar.addfile(info, reader)
                entries.append({"path": rel, "size": info.size, "sha256": reader.sha256.hexdigest()})
    return entries, skipped


def _encrypt_members(staging, names, path, key):
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            hashed = crypto.HashingWriter(raw)
            sealed = crypto.EncryptingWriter(hashed, key)
            with tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                for name in names:
                    info = tar.gettarinfo(staging / name, arcname=name)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    with open(staging / name, "rb") as f:
                        tar.addfile(info, f)
            sealed.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return hashed.sha256.hexdigest(), hashed.size


# -- verify and restore -------------------------------------------------------------------------


@dataclass
class Unpacked:
    manifest: dict
    staging: Path
    key_id: str

    def member(self, name):
        return self.staging / name


def verify_backup(archive, *, progress=_silent):
    """Check an archive completely (checksum, decryption, every hash); returns (manifest, key id)."""
    unpacked = _unpack(Path(archive), progress)
    try:
        return unpacked.manifest, unpacked.key_id
    finally:
        shutil.rmtree(unpacked.staging, ignore_errors=True)


def restore_backup(archive, *, force=False, progress=_silent):
    """Restore an archive onto this (empty) installation; returns the manifest.

    All or nothing: the archive and the target (database, MEDIA_ROOT, free space, tools) are
    checked before anything changes; the uploads are unpacked and checked in a folder beside
    MEDIA_ROOT and swapped in by renaming; a copy of the target database is taken first and put
    back if any later step fails, and the previous MEDIA_ROOT is swapped back.
    """
    unpacked = _unpack(Path(archive), progress)
    media = None
    keep_staging = False
    try:
        manifest = unpacked.manifest
        db = manifest["database"]
        loader = databases.loader_for(db["format"], db["engine"], connection)
        progress("Memeriksa tujuan pemulihan…")
        if not force:
            _require_empty_target()
        media = MediaTarget(Path(settings.MEDIA_ROOT))
        media.preflight(manifest["media"]["bytes"])
        rollback = databases.RollbackCopy(connection, unpacked.staging / "tujuan-sebelum-pemulihan")
        rollback.preflight(loader, unpacked.member(db["file"]))
        _check_data_keys(db["format"], unpacked.member(db["file"]))
        progress(f"  dapat ditulis, ruang cukup: basis data {connection.vendor}, MEDIA_ROOT {media.root}")

        try:
            progress(f"Menyiapkan {manifest['media']['count']} berkas unggahan di samping MEDIA_ROOT…")
            media.stage(unpacked.member(MEDIA_TAR), keep_existing=force)
            _check_files(manifest, media.staging)
            progress("Menyalin basis data tujuan untuk pengembalian bila gagal…")
            rollback.take()
        except (OSError, tarfile.TarError) as exc:
            raise BackupError(f"Persiapan pemulihan gagal: {_reason(exc)}. Tidak ada yang diubah.") from None
        try:
            progress(f"Memulihkan basis data ({db['format']})…")
            loader.load(unpacked.member(db["file"]), connection)
            _check_rows(manifest)  # before migrate: a newer release's migrations may change rows
            progress(f"Memasang berkas unggahan di {media.root}…")
            media.swap_in()
            _check_files(manifest, media.root)
            progress("Menjalankan migrate…")
            call_command("migrate", interactive=False, verbosity=0)
        except BaseException as exc:
            progress("Pemulihan gagal; mengembalikan basis data dan MEDIA_ROOT seperti semula…")
            problems = _undo(rollback, media)
            if problems:
                keep_staging = True
                raise BackupError(
                    f"Pemulihan gagal ({_reason(exc)}) dan pengembalian tidak tuntas: {'; '.join(problems)}. "
                    f"Salinan basis data sebelum pemulihan ada di {rollback.path}; "
                    f"MEDIA_ROOT sebelumnya di {media.previous or media.root}."
                ) from exc
            raise BackupError(f"Pemulihan gagal: {_reason(exc)}. Basis data dan MEDIA_ROOT dikembalikan seperti "
                              "semula; perbaiki penyebabnya lalu jalankan restore lagi.") from exc
        media.discard_previous()
        progress(f"  cocok: {len(db['tables'])} tabel, {sum(db['tables'].values())} baris, "
                 f"{manifest['media']['count']} berkas")
        progress("Pemulihan selesai.")
        return manifest
    finally:
        if media is not None and not keep_staging:
            media.cleanup()
        if not keep_staging:
            shutil.rmtree(unpacked.staging, ignore_errors=True)


def _check_data_keys(dump_format, dump_path):
    """The configured data keys open the archive's personal data (one stored value per column)."""
    columns = [(model._meta.db_table, f.column) for model, encrypted, _indexes in data_crypto.encrypted_models()
               for f in encrypted]
    for table, column, value in databases.encrypted_samples(dump_format, dump_path, columns):
        try:
            data_crypto.decrypt(value)
        except data_crypto.DecryptionError:
            raise BackupError(
                f"Kunci data yang terpasang (BARUGA_DATA_KEYS / BARUGA_DATA_KEY_FILE) tidak dapat membuka data "
                f"pribadi dalam arsip ({table}.{column}): pasang kunci data instalasi asal dari penyimpanan rahasia "
                "dulu. Tidak ada yang diubah.") from None


def _reason(exc):
    if isinstance(exc, BackupError):
        return str(exc)
    if isinstance(exc, KeyboardInterrupt):
        return "dihentikan (Ctrl-C)"
    return f"{type(exc).__name__}: {exc}"


def _undo(rollback, media):
    """Put the database and MEDIA_ROOT back; returns what could not be put back (empty when all was)."""
    problems = []
    try:
        rollback.put_back()
    except Exception as exc:  # reported to the operator with the location of the copy
        problems.append(f"basis data: {_reason(exc)}")
    try:
        media.swap_back()
    except Exception as exc:
        problems.append(f"MEDIA_ROOT: {_reason(exc)}")
    return problems


class MediaTarget:
    """MEDIA_ROOT, replaced as a whole by renaming a folder unpacked beside it.

    The staging folder lives in MEDIA_ROOT's parent so that the swap is two renames on one
    filesystem; MEDIA_ROOT itself therefore must not be a mount point.
    """

    def __init__(self, root):
        self.root = Path(os.path.abspath(root))
        if self.root.is_symlink():
            self.root = self.root.resolve()  # swap the real folder, keep the link
        self.staging = None
        self.previous = None  # the former MEDIA_ROOT while swapped out
        self.swapped = False
        self._created = []  # parent folders this restore created

    def preflight(self, needed_bytes):
        root = self.root
        if root.exists() and not root.is_dir():
            raise BackupError(f"MEDIA_ROOT ({root}) ada tetapi bukan folder. Pindahkan atau hapus berkas itu, "
                              "atau arahkan MEDIA_ROOT ke folder. Tidak ada yang diubah.")
        existing = root.parent
        while not existing.exists():
            existing = existing.parent
        if not existing.is_dir():
            raise BackupError(f"Induk MEDIA_ROOT ({existing}) bukan folder. Tidak ada yang diubah.")
        if not os.access(existing, os.W_OK | os.X_OK):
            raise BackupError(f"Folder {existing} tidak dapat ditulis oleh pengguna ini; pemulihan menyiapkan "
                              "berkas unggahan di samping MEDIA_ROOT. Perbaiki izinnya. Tidak ada yang diubah.")
        if root.is_dir() and (os.path.ismount(root) or root.stat().st_dev != root.parent.stat().st_dev):
            raise BackupError(f"MEDIA_ROOT ({root}) adalah titik mount; pemulihan menukar folder itu utuh. Arahkan "
                              "MEDIA_ROOT ke subfolder di dalam mount. Tidak ada yang diubah.")
        free = shutil.disk_usage(existing).free
        needed = int(needed_bytes * 1.05) + 16 * 1024 * 1024
        if free < needed:
            raise BackupError(f"Ruang kosong di {existing} {human_size(free)}, perlu sekitar {human_size(needed)} "
                              "untuk berkas unggahan. Tidak ada yang diubah.")
        # Writability is proven by creating the staging folder itself, beside MEDIA_ROOT.
        try:
            missing = []
            parent = root.parent
            while not parent.exists():
                missing.append(parent)
                parent = parent.parent
            for folder in reversed(missing):
                folder.mkdir()
                self._created.append(folder)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.pemulihan-", dir=root.parent))
        except OSError as exc:
            self.cleanup()
            raise BackupError(f"Tidak dapat membuat folder kerja di samping MEDIA_ROOT ({root.parent}): "
                              f"{exc.strerror}. Tidak ada yang diubah.") from None

    def stage(self, media_tar, *, keep_existing):
        """Unpack the archive's uploads into the staging folder; with `keep_existing`, on top of a
        hard-linked copy of the current MEDIA_ROOT (archive files replace files of the same name)."""
        if keep_existing and self.root.is_dir():
            _link_tree(self.root, self.staging)
        with tarfile.open(media_tar) as tar:
            for member in tar.getmembers():
                target = self.staging / member.name
                if member.isreg() and (target.is_file() or target.is_symlink()):
                    target.unlink()  # never write through a hard link into the current MEDIA_ROOT
            tar.extractall(self.staging, filter="data")
        mode = stat.S_IMODE(self.root.stat().st_mode) if self.root.is_dir() else 0o777 & ~_umask()
        os.chmod(self.staging, mode)

    def swap_in(self):
        if self.root.exists():
            self.previous = Path(tempfile.mkdtemp(prefix=f".{self.root.name}.sebelum-pemulihan-", dir=self.root.parent))
            os.rename(self.root, self.previous)  # onto the empty folder just made: atomic on POSIX
        try:
            os.rename(self.staging, self.root)
        except BaseException:
            if self.previous is not None:
                os.rename(self.previous, self.root)
                self.previous = None
            raise
        self.staging, self.swapped = None, True

    def swap_back(self):
        if not self.swapped:
            return
        failed = Path(tempfile.mkdtemp(prefix=f".{self.root.name}.gagal-", dir=self.root.parent))
        os.rename(self.root, failed)
        if self.previous is not None:
            os.rename(self.previous, self.root)
            self.previous = None
        self.swapped = False
        shutil.rmtree(failed, ignore_errors=True)

    def discard_previous(self):
        if self.previous is not None:
            shutil.rmtree(self.previous, ignore_errors=True)
            self.previous = None
        self._created = []

    def cleanup(self):
        """Remove what this restore created beside MEDIA_ROOT and was not swapped in."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        for folder in reversed(self._created):
            if not self.swapped:
                try:
                    folder.rmdir()
                except OSError:
                    pass
        self._created = []


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _link_tree(source, target):
    for dirpath, dirnames, filenames in os.walk(source):
        rel = Path(dirpath).relative_to(source)
        for name in dirnames:
            (target / rel / name).mkdir(exist_ok=True)
        for name in filenames:
            src = Path(dirpath) / name
            if src.is_symlink() or not src.is_file():
                continue
            try:
                os.link(src, target / rel / name)
            except OSError:
                shutil.copy2(src, target / rel / name)


def _check_rows(manifest):
    """The restored database holds exactly the rows the manifest counted, table by table."""
    expected = manifest["database"]["tables"]
    actual = databases.live_facts(connection)["tables"]
    wrong = [f"{t} ({actual.get(t)} ≠ {n})" for t, n in expected.items() if actual.get(t) != n]
    if wrong:
        raise BackupError(f"Jumlah baris setelah pemulihan tidak sesuai manifest: {', '.join(wrong[:5])}.")


def _check_files(manifest, root):
    """Every uploaded file the manifest lists is under `root`, byte for byte."""
    for entry in manifest["media"]["files"]:
        path = root / entry["path"]
        if not path.is_file() or crypto.sha256_of(path) != (entry["sha256"], entry["size"]):
            raise BackupError(f"Berkas unggahan {entry['path']} tidak terpulihkan utuh.")


def _require_empty_target():
    busy = databases.tables_with_rows(connection)
    if busy:
        shown = ", ".join(busy[:5]) + (", …" if len(busy) > 5 else "")
        raise BackupError(
            f"Basis data tujuan sudah berisi data (tabel {shown}). Pemulihan hanya ke instalasi kosong; "
            "pakai --force untuk menimpanya. Tidak ada yang diubah."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) sudah berisi berkas. Pemulihan hanya ke instalasi kosong; "
            "pakai --force untuk menimpanya. Tidak ada yang diubah."
        )


def _check_transfer_checksum(archive, progress):
    checksum_path = archive.with_name(archive.name + ".sha256")
    try:
        expected = checksum_path.read_text().split()[0].lower()
    except (OSError, IndexError):
        raise BackupError(f"Berkas checksum {checksum_path} tidak ada atau kosong; salin bersama arsipnya.") from None
    progress(f"Memeriksa checksum {archive.name}…")
    actual, size = crypto.sha256_of(archive)
    if actual != expected:
        raise BackupError(f"Checksum SHA-256 arsip tidak cocok dengan {checksum_path.name}: arsip rusak atau "
                          "telah diubah. Tidak ada yang diubah.")
    progress(f"  cocok ({human_size(size)})")


def _unpack(archive, progress):
    """Decrypt `archive` into a private staging folder and check every hash; raises BackupError."""
    if not archive.is_file():
        raise BackupError(f"Arsip {archive} tidak ditemukan.")
    keys = configured_keys()
    _check_transfer_checksum(archive, progress)
    staging = Path(tempfile.mkdtemp(prefix="baruga-restore-"))
    try:
        progress("Mendekripsi dan memeriksa arsip…")
        with open(archive, "rb") as raw:
            reader = crypto.DecryptingReader(raw, keys)
            digests = _extract_members(reader, staging)
            reader.drain()
        manifest = _read_manifest(staging)
        _check_members(manifest, digests)
        _check_media(manifest, staging / MEDIA_TAR)
        _check_migrations(manifest)
        progress(f"  arsip utuh: dibuat {manifest['created_at']}, basis data {manifest['database']['engine']}, "
                 f"{manifest['media']['count']} berkas unggahan")
        return Unpacked(manifest, staging, reader.key_id)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _extract_members(reader, staging):
    digests = {}
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            for member in tar:
                if not member.isreg() or "/" in member.name or member.name in ("", ".", "..") \
                        or member.name in digests:
                    raise BackupError(f"Arsip berisi entri tak terduga {member.name!r}.")
                source = tar.extractfile(member)
                digest = hashlib.sha256()
                with open(staging / member.name, "xb") as out:
                    while block := source.read(COPY_CHUNK):
                        digest.update(block)
                        out.write(block)
                digests[member.name] = (digest.hexdigest(), member.size)
    except tarfile.TarError as exc:
        raise BackupError(f"Isi arsip bukan tar yang sah: {exc}.") from None
    return digests


def _read_manifest(staging):
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError("Arsip tidak memuat manifest.json yang sah.") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("manifest.json bukan manifest cadangan Baruga versi yang dikenal.")
    return manifest


def _check_members(manifest, digests):
    listed = {f["name"]: f for f in manifest["files"]}
    present = set(digests) - {MANIFEST}
    if set(listed) != present or manifest["database"]["file"] not in listed or MEDIA_TAR not in listed:
        raise BackupError(f"Isi arsip ({', '.join(sorted(present))}) tidak sesuai manifest.")
    for name, entry in listed.items():
        if digests[name] != (entry["sha256"], entry["size"]):
            raise BackupError(f"{name}: SHA-256 atau ukuran tidak sesuai manifest; arsip rusak.")


def _safe_media_path(name):
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _check_media(manifest, media_tar):
    expected = {f["path"]: f for f in manifest["media"]["files"]}
    seen = set()
    with tarfile.open(media_tar) as tar:
        for member in tar:
            if member.isdir():
                continue
            if not member.isreg() or not _safe_media_path(member.name):
                raise BackupError(f"media.tar berisi entri yang tidak diizinkan: {member.name!r}.")
            entry = expected.get(member.name)
            source = tar.extractfile(member)
            digest = hashlib.sha256()
            while block := source.read(COPY_CHUNK):
                digest.update(block)
            if entry is None or (digest.hexdigest(), member.size) != (entry["sha256"], entry["size"]):
                raise BackupError(f"Berkas unggahan {member.name}: SHA-256 atau ukuran tidak sesuai manifest.")
            seen.add(member.name)
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"media.tar tidak memuat {len(missing)} berkas yang tercatat di manifest.")


def _check_migrations(manifest):
    """An archive made by newer code holds migrations this code does not know: refuse it."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
               if (app, name) not in known]
    if unknown:
        raise BackupError("Arsip dibuat oleh versi Baruga yang lebih baru: migrasi "
                          f"{', '.join(unknown[:5])} tidak dikenal. Pasang versi yang sama atau lebih baru dulu.")
