"""The migrations meshify offers, one package each; the layers above know them only through this registry.

Adding a migration: a new package ``migrations/<name>/`` whose ``MIGRATION`` satisfies
``base.Migration`` (name, framework, help, Options, detects, migrate), usually a
``base.Registered`` naming the class that holds the rules, plus one line here.
The order matters only as the tie-break of detection (the first one wins when none is sure).
"""
from __future__ import annotations

from . import dubbo, springcloud
from .base import Migration, MigrationResult, RbacNeeds

MIGRATIONS: dict[str, Migration] = {
    "springcloud": springcloud.MIGRATION,
    "dubbo": dubbo.MIGRATION,
}

__all__ = ["MIGRATIONS", "Migration", "MigrationResult", "RbacNeeds"]
