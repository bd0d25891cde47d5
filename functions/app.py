"""Portico's API: build the Chalice app and register one blueprint per area."""

from chalice import Chalice

from chalicelib import http, snapstart
from chalicelib.accounts.account_routes import bp as account
from chalicelib.accounts.auth_routes import bp as auth
from chalicelib.activity.routes import bp as activity
from chalicelib.core.routes import bp as core
from chalicelib.dashboard.routes import bp as dashboard
from chalicelib.downloads.routes import bp as downloads
from chalicelib.kb.routes import bp as kb
from chalicelib.mail.bounces import bp as mail_feedback
from chalicelib.mail.routes import bp as mail

app = Chalice(app_name="portico")
snapstart.install()  # SnapStart's runtime hooks, where the runtime has them
http.install(app)

for blueprint in (core, auth, account, mail, activity, dashboard, kb, downloads, mail_feedback):
    app.register_blueprint(blueprint)
http.answer_other_methods(app)
