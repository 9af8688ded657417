"""Where the database file lives: warn about places where SQLite is not safe.

SQLite's WAL mode needs shared memory between the programs that open the file; network
shares (SMB/CIFS, NFS, UNC paths) do not provide it, and cloud-sync folders (OneDrive,
Dropbox, iCloud, 坚果云 …) copy the file while it is being written, which can leave a
damaged copy. Several counters sharing data should use PostgreSQL instead.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from counter_app.i18n import _

# Folder names that cloud-sync programs use (matched case-insensitively on path parts).
CLOUD_FOLDERS = (
    "onedrive", "dropbox", "icloud drive", "iclouddrive", "icloud", "mobile documents", "com~apple~clouddocs",
    "坚果云", "nutstore", "我的坚果云", "google drive", "googledrive", "my drive", "百度网盘", "baidunetdisk",
    "baiduyunguanjia", "box", "box sync", "pcloud", "pclouddrive", "mega", "megasync", "seafile", "tresorit",
    "synologydrive", "synology drive", "wps云盘", "wpsdrive", "阿里云盘", "aliyundrive", "腾讯微云", "weiyun",
    "yandex.disk", "nextcloud", "owncloud", "坚果云同步",
)
NETWORK_FILESYSTEMS = ("cifs", "smb", "smb2", "smb3", "smbfs", "nfs", "nfs4", "afs", "9p", "fuse.sshfs",
                       "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "ncpfs", "glusterfs", "ceph")
LOW_SPACE_BYTES = 50 * 1024 * 1024


def is_unc(path: str) -> bool:
    return path.startswith(("\\\\", "//")) and not path.startswith(("\\\\?\\", "//?/", "\\\\.\\"))


def cloud_folder(path: Path) -> str | None:
    """The cloud-sync folder name in `path`, if any."""
    for part in path.parts:
        low = part.lower().strip()
        for name in CLOUD_FOLDERS:
            if low == name or low.startswith(name + " -") or low.startswith(name + "-") or (
                    len(name) > 4 and low.startswith(name)):
                return part
    return None


def _mount_fstype(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """The filesystem type of the mount holding `path` (Linux), or None."""
    try:
        lines = Path(mounts_file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
            best, fstype = mount, parts[2]
    return fstype


def _windows_network_drive(path: Path) -> bool:
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        drive = os.path.splitdrive(str(path))[0]
        if not drive:
            return False
        windll = getattr(ctypes, "windll")  # noqa: B009 - only exists on Windows
        return int(windll.kernel32.GetDriveTypeW(drive + "\\")) == 4  # 4 = DRIVE_REMOTE
    except Exception:
        return False


def location_warnings(db_file: str | Path, mounts_file: str = "/proc/mounts") -> list[str]:
    """Warnings for a SQLite file in a network share or a cloud-sync folder."""
    raw = str(db_file)
    out: list[str] = []
    advice = _("SQLite 的 WAL 模式在这种位置不可靠，可能损坏数据；多台电脑共享数据请使用 PostgreSQL。")
    if is_unc(raw):
        out.append(_("数据库在网络共享文件夹中（{path}）。", path=raw) + advice)
        return out
    path = Path(raw).expanduser()
    try:
        path = path.resolve()
    except OSError:
        pass
    fstype = _mount_fstype(path.parent, mounts_file)
    if (fstype and fstype.lower() in NETWORK_FILESYSTEMS) or _windows_network_drive(path):
        out.append(_("数据库在网络磁盘上（{fs}）。", fs=fstype or _("网络驱动器")) + advice)
    folder = cloud_folder(path)
    if folder:
        out.append(_("数据库在云同步文件夹“{folder}”中。", folder=folder) + advice)
    return out


def space_problems(db_file: str | Path) -> list[str]:
    """Read-only folder or file, or a nearly full disk: say so before the clerk types anything."""
    path = Path(db_file)
    folder = path.parent if path.parent.exists() else Path.cwd()
    out: list[str] = []
    if path.exists() and not os.access(path, os.W_OK):
        out.append(_("数据库文件是只读的（{path}），不能保存。", path=path))
    elif not os.access(folder, os.W_OK):
        out.append(_("数据库所在的文件夹是只读的（{path}），不能保存。", path=folder))
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if free is not None and free < LOW_SPACE_BYTES:
        out.append(_("磁盘空间快满了（剩余 {mb} MB），请尽快清理，否则不能保存。", mb=free // (1024 * 1024)))
    return out
