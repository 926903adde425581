"""Java primitives: the smallest edit that compiles (an annotation and its import), never a reformat."""
from __future__ import annotations

from ..editors.java import JavaDocument


def replace_annotation(doc: JavaDocument, old: str, new: str, reason: str) -> int:
    """Every ``@old`` (fully qualified names) becomes ``@new``, and its import follows.

    An element already annotated ``@new`` just loses ``@old`` (and the import of old); a qualified
    use gets the new qualified name; a simple one the new simple name, the import of ``old``
    swapped in place (or added, when ``old`` came through a wildcard). Returns how many changed.
    """
    simple_old, simple_new = old.rsplit(".", 1)[-1], new.rsplit(".", 1)[-1]
    if simple_old not in doc.masked:
        return 0
    count = 0
    for ann in doc.annotations(simple_old):
        if not doc.resolves_to(ann, old):
            continue
        count += 1
        if any(doc.resolves_to(a, new) for a in doc.annotations(simple_new)):
            doc.remove_annotation(ann, reason)
            doc.remove_import(old, reason)
        elif ann.name == old:
            doc.rename_annotation(ann, new, reason)
        else:
            doc.rename_annotation(ann, simple_new, reason)
            if doc.has_import(old):
                doc.replace_import(old, new, reason)
            else:
                doc.add_import(new, reason)
    return count
