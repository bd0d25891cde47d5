"""Wide tables in Markdown (articles, legal texts) scroll inside a box of their own.

The table keeps its own display: a table set to `display: block` (the usual trick to let
it scroll) loses its table semantics in Safari/VoiceOver. A wrapping
`<div class="table-wrap">` (site.css: `overflow-x: auto`) scrolls instead.
"""

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pelican import signals


class _WrapTables(Treeprocessor):
    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                box = etree.Element("div", {"class": "table-wrap"})
                box.tail, child.tail = child.tail, None
                parent.remove(child)
                box.append(child)
                parent.insert(index, box)


class TableWrapExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_WrapTables(md), "table_wrap", 1)


def install(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    markdown.setdefault("extensions", []).append(TableWrapExtension())


def register():
    signals.initialized.connect(install)
