"""The desktop window: one module per page or dialog; widgets/ for shared pieces."""
