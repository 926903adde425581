"""Shared rule primitives: small functions over a Workspace that every migration uses.

Each module has its own tests under tests/rules/. A primitive knows Maven, Spring
config files and Java, never a framework's migration rules.
"""
