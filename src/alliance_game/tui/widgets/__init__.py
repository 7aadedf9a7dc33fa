"""Widgets that draw what they are given and own no game state."""
