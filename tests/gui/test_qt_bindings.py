"""Guards against a Qt binding release that would crash the app after a few hours of use.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method that
returns nothing; after some thousands of repaints Python aborts with "deallocating None".
"""

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.update()
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) >= before - 50
