"""/staff/members: admins manage the staff."""

from ..api import Routes, staff
from ..auth.staff import ADMIN
from . import members, present

bp = Routes(__name__)


@bp.operation("GET", "/staff/members", access=staff(ADMIN), answer="StaffMemberPage",
              summary="The members of staff, by address")
def members_route(query):
    items, cursor = members.listing(query)
    return {"items": [present.member(m) for m in items], "next": cursor}


@bp.operation("POST", "/staff/members", access=staff(ADMIN), body="StaffMemberInvite",
              answer="StaffMember", status=201, errors={409},
              summary="Invite a member of staff: e-mails it a one-time link to choose its "
                      "password; it sets up its second factor at its first sign-in")
def invite_route(principal, body):
    return present.member(members.invite(principal, body))


@bp.operation("PATCH", "/staff/members/{member_id}", access=staff(ADMIN),
              body="StaffMemberPatch", answer="StaffMember", errors={409},
              summary="Change a member's role, or disable it (its sessions end at once) or "
                      "enable it again; not one's own")
def update_route(principal, body, member_id):
    return present.member(members.update(principal, member_id, body))


@bp.operation("POST", "/staff/members/{member_id}/two-factor-reset", access=staff(ADMIN),
              answer="StaffMember", errors={409, 422},
              summary="The member sets up a new second factor at its next sign-in (its "
                      "sessions end now); not one's own")
def two_factor_reset_route(principal, member_id):
    return present.member(members.reset_two_factor(principal, member_id))


@bp.operation("POST", "/staff/members/{member_id}/password-link", access=staff(ADMIN),
              answer="Empty", status=202,
              summary="E-mail the member a one-time link to choose a new password")
def password_link_route(principal, member_id):
    members.send_password_link(principal, member_id)
    return {}
