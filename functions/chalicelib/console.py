"""What an area adds to the staff console, in the one shape the console shows
(shapes.StaffSection): a part of the staff home (what waits for staff) or a section of a
client's page. Areas name their functions in their descriptor (`staff_home`,
`staff_client_section`); words come from the area's messages, in the request's language.
"""

from .i18n import t


def column(key: str, label_key: str, type: str = "text") -> dict:  # noqa: A002 (the API's name)
    return {"key": key, "label": t(label_key), "type": type}


def section(area: str, key: str, title_key: str, columns: list[dict], rows: list[dict], *,
            layout: str = "table", total: int | None = None) -> dict:
    return {"area": area, "key": key, "title": t(title_key), "layout": layout,
            "columns": columns, "rows": rows, "total": total}
