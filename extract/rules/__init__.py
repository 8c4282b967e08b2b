"""Plain-Python rules used by the components: dates, numbers, events."""
