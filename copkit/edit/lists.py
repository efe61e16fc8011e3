"""Appending to a ruamel round-trip list without moving the comments that follow it: ruamel
attaches the comment lines after a block list to its last item, so a plain append puts the
new item below them (under the comment that introduces the next field)."""

from __future__ import annotations

from typing import Any


def _flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _trailing(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment lines that follow a block list or mapping: on its last
    item (recursively). Returns (comment table, key, slot) or None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedSeq) and len(node) and not _flow(node):
        i = len(node) - 1
        entry = node.ca.items.get(i)
        if entry and entry[0] is not None:
            return node.ca.items, i, 0
        return _trailing(node[i])
    if isinstance(node, CommentedMap) and len(node) and not _flow(node):
        k = list(node)[-1]
        entry = node.ca.items.get(k)
        if entry and len(entry) > 2 and entry[2] is not None:
            return node.ca.items, k, 2
        return _trailing(node[k])
    return None


def append_keeping_comments(seq: Any, item: Any) -> None:
    """Append to a ruamel list so that the comments and blank lines after its last item stay
    after the list (ruamel attaches them to that item, so a plain append would put the new
    item below them); a comment on the last item's own line stays with it."""
    import copy

    from ruamel.yaml.comments import CommentedMap

    found = _trailing(seq)
    seq.append(item)
    if found is None:
        return
    items, key, slot = found
    token = items[key][slot]
    value = str(token.value)
    if value.startswith("#"):
        eol, newline, rest = value.partition("\n")
        if not rest:
            return
        token.value = eol + newline
        moved = copy.copy(token)
        moved.value = "\n" + rest
    else:
        moved = token
        items[key][slot] = None
        if all(x is None for x in items[key]):
            del items[key]
    new = seq[-1]
    if isinstance(new, CommentedMap) and len(new) and not _flow(new):
        new.ca.items[list(new)[-1]] = [None, None, moved, None]
    else:
        seq.ca.items[len(seq) - 1] = [moved, None, None, None]
