"""Ingest: turn raw bytes into text and HTML into blocks, so every later pass sees one shape of input."""
