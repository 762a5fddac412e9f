"""CareCompanion: a private, offline symptom journal and care-planning companion."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("carecompanion")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

APP_NAME = "CareCompanion"
