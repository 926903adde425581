"""One interface over Spring-style config files: .properties and YAML.

Keys are dotted paths (`eureka.client.enabled`); a `*` segment matches any
single segment (`*.ribbon` for `<client>.ribbon.*`). YAML lists are reached as
`key[0]` in properties and as sequences in YAML; rules here work on maps and
scalars, which is what the migrations touch.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from .properties import PropertiesDocument
from .text import refresh_comments as _refresh
from .yaml import YamlDocument

ConfigDocument = PropertiesDocument | YamlDocument


@dataclass
class ConfigValue:
    key: str  # dotted
    value: str
    line: int
    profile: str | None


_KEBAB = re.compile(r"[a-z0-9]-[a-z]")
_CAMEL = re.compile(r"[a-z0-9][A-Z]")


def key_style(doc: ConfigDocument, near: str = "") -> str | None:
    """How the file writes keys of several words: "kebab" (``qos-port``), "camel" (``qosPort``) or None
    (no telling, or as many of each). The keys under ``near``'s first segment decide first, then all keys."""
    keys = [v.key for v in values(doc)]
    top = near.split(".", 1)[0] + "." if near else ""
    for group in ([k for k in keys if top and k.startswith(top)], keys):
        segments = [s for k in group for s in k.split(".")]
        kebab = sum(1 for s in segments if _KEBAB.search(s))
        camel = sum(1 for s in segments if _CAMEL.search(s))
        if kebab != camel:
            return "kebab" if kebab > camel else "camel"
    return None


def styled(doc: ConfigDocument, key: str) -> str:
    """``key`` (written camelCase or kebab-case) in the file's style, for a key meshify adds: Spring's relaxed
    binding and Dubbo 3's config binding read both (Dubbo turns camelCase into kebab-case before it binds)."""
    style = key_style(doc, key)
    if style == "kebab":
        return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "-" + m.group(1).lower(), key)
    if style == "camel":
        return re.sub(r"(?<=[a-z0-9])-([a-z])", lambda m: m.group(1).upper(), key)
    return key


def _split(key: str) -> list[str]:
    return key.split(".")


def _matches(key: str, prefix: str) -> bool:
    """Whether dotted ``key`` is ``prefix`` or under it (``*`` matches one segment)."""
    kp, pp = _split(key), _split(prefix)
    if len(kp) < len(pp):
        return False
    return all(p == "*" or fnmatch.fnmatchcase(k, p) for k, p in zip(kp, pp, strict=False))  # kp may be longer: a key under the prefix


def values(doc: ConfigDocument) -> list[ConfigValue]:
    """Every scalar setting in the file, with its profile (None for the default document)."""
    out: list[ConfigValue] = []
    if isinstance(doc, PropertiesDocument):
        for e in doc.entries:
            if not doc.removed(e.start, e.end):
                out.append(ConfigValue(e.key, e.value, e.line, None))
        return out
    # a YAML document's settings are those of its parse (edits are splices of the text until ``rebase``
    # parses it again): read once per parse, not once per rule that asks
    cached = getattr(doc, "_config_values", None)
    if cached is not None and cached[0] is doc.docs:
        return list(cached[1])
    for d in range(len(doc.docs)):
        profile = doc.profile_of(d)
        for path, node in doc.leaves(d):
            out.append(ConfigValue(".".join(path), str(node.value), node.start_mark.line + 1, profile))
    doc._config_values = (doc.docs, out)
    return list(out)


def get(doc: ConfigDocument, key: str) -> str | None:
    if isinstance(doc, PropertiesDocument):
        e = doc.get(key)
        return e.value if e else None
    return doc.get(_split(key))


def remove(doc: ConfigDocument, prefix: str, reason: str) -> list[ConfigValue]:
    """Remove every setting under ``prefix`` in every profile; returns what was removed."""
    gone = [v for v in values(doc) if _matches(v.key, prefix)]
    if not gone:
        return []
    if isinstance(doc, PropertiesDocument):
        for e in doc.matching(lambda k: _matches(k, prefix)):
            doc.remove(e, reason)
        doc.tidy(reason)
    else:
        doc.remove(doc.find(_split(prefix)), reason)
    return gone


def set_value(doc: ConfigDocument, key: str, value, reason: str) -> bool:
    """Set a key in the default profile; returns True when the file changes."""
    text = value if isinstance(value, str) else ("true" if value is True else "false" if value is False else str(value))
    if get(doc, key) == text:
        return False
    if isinstance(doc, PropertiesDocument):
        doc.set(key, text, reason)
    else:
        doc.set(_split(key), value, reason)
    return True


def replace_value(doc: ConfigDocument, key: str, old: str, new: str, reason: str) -> None:
    """Replace ``old`` by ``new`` inside the scalar of ``key`` wherever it appears (every profile)."""
    if isinstance(doc, PropertiesDocument):
        for e in doc.entries:
            if e.key == key and old in doc.text[e.value_start : e.value_end] and not doc.removed(e.start, e.end):
                raw = doc.text[e.value_start : e.value_end]
                i = raw.index(old)
                doc.splice(e.value_start + i, e.value_start + i + len(old), new, reason)
        return
    for d in range(len(doc.docs)):
        for path, node in doc.leaves(d):
            if ".".join(path) == key:
                raw = doc.text[node.start_mark.index : node.end_mark.index]
                if old in raw:
                    i = raw.index(old)
                    s = node.start_mark.index + i
                    doc.splice(s, s + len(old), new, reason)


def replace_in_values(doc: ConfigDocument, old: str, new: str, reason: str) -> list[ConfigValue]:
    """Replace a literal inside any scalar value (e.g. ``lb://CUSTOMERS`` -> ``lb://customers``);
    returns the settings changed (their values as they were), once per replacement."""
    out: list[ConfigValue] = []
    if isinstance(doc, PropertiesDocument):
        for e in doc.entries:
            raw = doc.text[e.value_start : e.value_end]
            start = 0
            while (i := raw.find(old, start)) >= 0 and not doc.removed(e.start, e.end):
                doc.splice(e.value_start + i, e.value_start + i + len(old), new, reason)
                start = i + len(old)
                out.append(ConfigValue(e.key, e.value, e.line, None))
        return out
    for d in range(len(doc.docs)):
        for path, node in doc.leaves(d):
            raw = doc.text[node.start_mark.index : node.end_mark.index]
            start = 0
            while (i := raw.find(old, start)) >= 0:
                s = node.start_mark.index + i
                if not doc.removed(s, s + len(old)):
                    doc.splice(s, s + len(old), new, reason)
                    out.append(ConfigValue(".".join(path), str(node.value), node.start_mark.line + 1, doc.profile_of(d)))
                start = i + len(old)
    return out


def refresh_comments(doc: ConfigDocument, key: str, line: int, stale, text: str, reason: str) -> int:
    """After a rule changed ``key`` on ``line``: the comments introducing it that speak of the old value
    (``stale`` matches them) become ``text`` (the first) or go (the others); see text.refresh_comments."""
    if isinstance(doc, PropertiesDocument):
        comments = doc.comments_above(line, key.rsplit(".", 1)[0] + "." if "." in key else "")
    else:
        comments = doc.comments_above(line)
    return _refresh(doc, comments, stale, text, reason)
