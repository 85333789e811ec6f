"""The browser edge: live coaching over a WebSocket and video uploads (FastAPI)."""
