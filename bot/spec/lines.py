"""Which line of a YAML text a problem is about, so an editor can mark it.

A problem's `where` is a dotted path into the file (`steps.offer.options[1].go`) or, for a
syntax error, `line 4, column 3`. The path is followed through the text's YAML nodes, which
keep their positions; a key that is not there (a missing one, or one a spec migration
renamed) points at the deepest part of the path that is.
"""

from __future__ import annotations

import re

import yaml

_LINE = re.compile(r"^line (\d+)")
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def line_of(text: str, where: str) -> int | None:
    """The 1-based line `where` points at in `text`; None for the whole file, or a text
    that is not YAML."""
    syntax = _LINE.match(where)
    if syntax:
        return int(syntax.group(1))
    if not where:
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line: int = node.start_mark.line
    for key, index in _PART.findall(where):
        found = _child(node, key, int(index) if index else None)
        if found is None:
            break
        line, node = found
    return line + 1


def _child(node: yaml.Node, key: str, index: int | None) -> tuple[int, yaml.Node] | None:
    """The line of the key (or list item) and the node under it."""
    if index is not None and isinstance(node, yaml.SequenceNode) and index < len(node.value):
        item: yaml.Node = node.value[index]
        return item.start_mark.line, item
    if index is None and isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node.start_mark.line, value_node
    return None
