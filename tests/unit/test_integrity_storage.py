"""Warnings for a database in a network share or a cloud-sync folder, and for a full or read-only disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.data import storage_checks
from counter_app.data.storage_checks import location_warnings, space_problems


@pytest.mark.parametrize("path", [
    r"\\fileserver\counter\counter.sqlite3",
    "//nas/share/counter.sqlite3",
    "/home/wang/OneDrive/柜台/counter.sqlite3",
    "/home/wang/OneDrive - 诺梦得珠宝/counter.sqlite3",
    "/Users/wang/Library/Mobile Documents/com~apple~CloudDocs/counter.sqlite3",
    "/home/wang/Dropbox/counter.sqlite3",
    "/home/wang/坚果云/counter.sqlite3",
    "/home/wang/Nutstore Files/counter.sqlite3",
    "/home/wang/Google Drive/My Drive/counter.sqlite3",
    "/home/wang/百度网盘/counter.sqlite3",
])
def test_shared_and_cloud_folders_get_a_warning_naming_postgresql(path: str, tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/vda / ext4 rw 0 0\n", encoding="utf-8")
    found = location_warnings(path, mounts_file=str(mounts))
    assert found and "PostgreSQL" in found[0]


def test_network_filesystem_mount_is_recognised(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/vda / ext4 rw 0 0\n//nas/shop /mnt/shop cifs rw 0 0\n", encoding="utf-8")
    found = location_warnings("/mnt/shop/counter/counter.sqlite3", mounts_file=str(mounts))
    assert found and "cifs" in found[0]


def test_local_folder_gets_no_warning(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/vda / ext4 rw 0 0\n", encoding="utf-8")
    assert location_warnings("/home/wang/.local/share/counter-app/counter.sqlite3", mounts_file=str(mounts)) == []
    assert location_warnings("/home/wang/boxes/counter.sqlite3", mounts_file=str(mounts)) == []


def test_nearly_full_disk_is_said_before_anything_is_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "counter.sqlite3"
    db.write_bytes(b"")
    assert space_problems(db) == []

    class Usage:
        free = 3 * 1024 * 1024

    monkeypatch.setattr(storage_checks.shutil, "disk_usage", lambda p: Usage())
    assert any("磁盘空间快满了" in w for w in space_problems(db))
