"""A widget drawn once into a picture per size, data and palette; a repaint (hover, expose)
only copies the picture. The trend chart and the dose strip paint this way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget


class CachedPicture(QWidget):
    """Subclasses draw in `_draw(device)` and add 1 to `_version` whenever their data change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._version = 0
        self._picture = QPixmap()
        self._picture_key: object = None

    def _draw(self, device: QPixmap) -> None:
        raise NotImplementedError

    def _picture_key_now(self) -> object:
        """What the picture depends on: size, pixel ratio, data version, palette."""
        ratio = self.devicePixelRatioF()
        return (self.width(), self.height(), ratio, self._version, self.palette().cacheKey())

    def adopt(self, picture: QPixmap, key: object) -> None:
        """Take a picture drawn elsewhere (on a worker) as the one for `key`."""
        self._picture, self._picture_key = picture, key

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        key = self._picture_key_now()
        if key != self._picture_key:
            picture = QPixmap(int(self.width() * ratio), int(self.height() * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            self._draw(picture)
            self._picture, self._picture_key = picture, key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()
