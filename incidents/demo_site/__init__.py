"""The bundled offline sample news site used by `incidents demo` (fictional outlets and articles)."""
