"""A widget drawn once into a picture per size, data and palette; a repaint (hover, expose)
only copies the picture. The trend chart and the dose strip paint this way, and both can take
a picture drawn on a worker thread from a `Canvas`, a snapshot of the widget."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Canvas:
    """What a picture depends on besides the data: the widget's size, pixel ratio, palette
    and font, copied on the UI thread."""

    width: int
    height: int
    ratio: float
    palette: QPalette
    font: QFont

    @property
    def key(self) -> tuple[object, ...]:
        return (self.width, self.height, self.ratio, self.palette.cacheKey(), self.font.key())


def blank_image(canvas: Canvas) -> QImage:
    """A transparent image of the canvas's size and pixel ratio (drawable off the UI thread)."""
    image = QImage(
        max(1, int(canvas.width * canvas.ratio)),
        max(1, int(canvas.height * canvas.ratio)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(canvas.ratio)
    image.fill(Qt.GlobalColor.transparent)
    return image


class CachedPicture(QWidget):
    """Subclasses draw in `_draw(device)` and add 1 to `_version` whenever their data change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._version = 0
        self._picture = QPixmap()
        self._picture_key: object = None

    def _draw(self, device: QPixmap) -> None:
        raise NotImplementedError

    def _key(self, width: int, height: int, ratio: float, palette: QPalette) -> object:
        return (width, height, ratio, self._version, palette.cacheKey())

    def _picture_key_now(self) -> object:
        """What the picture depends on: size, pixel ratio, data version, palette."""
        return self._key(self.width(), self.height(), self.devicePixelRatioF(), self.palette())

    def canvas(self, width: int | None = None, height: int | None = None) -> Canvas:
        """The widget as its picture depends on it (another size when given), for drawing
        here or on a worker."""
        return Canvas(
            self.width() if width is None else width,
            self.height() if height is None else height,
            self.devicePixelRatioF(),
            self.palette(),
            self.font(),
        )

    def adopt(self, picture: QPixmap, key: object) -> None:
        """Take a picture drawn elsewhere (on a worker) as the one for `key`."""
        self._picture, self._picture_key = picture, key

    def adopt_drawn(self, canvas: Canvas, image: QImage) -> bool:
        """Take `image`, drawn on a worker for `canvas` and the current data, as the picture
        for that size: used when the widget has (or is about to have) that size, and looks as
        it did. False when the widget's palette, font or pixel ratio changed meanwhile."""
        now = self.canvas()
        if (canvas.ratio, canvas.palette.cacheKey(), canvas.font.key()) != (
            now.ratio,
            now.palette.cacheKey(),
            now.font.key(),
        ):
            return False
        key = self._key(canvas.width, canvas.height, canvas.ratio, canvas.palette)
        self.adopt(QPixmap.fromImage(image), key)
        return True

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
