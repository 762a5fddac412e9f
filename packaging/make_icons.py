"""Render the app icon from its SVG into the PNG sizes desktops use, plus .ico and .icns.

uv run python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "carecompanion.svg"
APP_ID = "org.carecompanion.CareCompanion"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target)):
        raise OSError(f"could not write {target}")


def main() -> int:
    QGuiApplication(sys.argv[:1])
    hicolor = ROOT / "packaging" / "linux" / "icons" / "hicolor"
    for size in SIZES:
        render(size, hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SVG.read_bytes())
    big = ROOT / "packaging" / "build-icon-1024.png"
    render(1024, big)
    with Image.open(big) as picture:
        picture.save(
            ROOT / "packaging" / "windows" / "carecompanion.ico",
            sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)],
        )
        picture.save(ROOT / "packaging" / "macos" / "carecompanion.icns")
    big.unlink()
    print("icons written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
