"""Files shipped with the app (icons, reference panels, fonts), read through importlib.resources."""
