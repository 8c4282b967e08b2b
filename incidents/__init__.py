"""brussels-incidents: news monitoring and incident extraction for the Brussels-Capital Region."""

__version__ = "0.1.0"
