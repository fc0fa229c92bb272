"""Petitions, hotline and referred matters (004 限时办结 §7)."""
