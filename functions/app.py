"""Portico's API: build the Chalice app and register each area's routes."""

from importlib import import_module

from chalice import Chalice

from chalicelib import areas, http, snapstart

app = Chalice(app_name="portico")
snapstart.install()  # SnapStart's runtime hooks, where the runtime has them
http.install(app)

for area in areas.load():
    for module in area.routes:
        app.register_blueprint(import_module(module).bp)
http.answer_other_methods(app)
