"""`make staff-user EMAIL=... ROLE=... [NAME=...] [STAGE=...]`: create a member of staff and
print a one-time link where it chooses its password (it then sets up its second factor at
its first sign-in). No password is ever chosen, stored or printed by this command.

Roles: admin, billing, support, technical. The first admin of a deployed stage is made
this way (infra/aws/README.md); later ones an admin invites from the console. The link
lasts settings.staff_link_ttl (24 h); an admin can send a new one from the console
(Equipo), or run this again for another address. The audit trail names the operator.
"""

import argparse
import sys
from pathlib import Path


def create(email: str, role: str, name: str, language: str = "es") -> str:
    """Create the member; return the link to print."""
    from chalicelib import areas

    areas.load()
    from chalicelib.staff import links
    from chalicelib.staff.operator import create_member

    member, secret = create_member(email, name, role, language)
    return links.url(member.language, secret)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True)
    parser.add_argument("--role", required=True, choices=("admin", "billing", "support", "technical"))
    parser.add_argument("--name", default="")
    parser.add_argument("--language", default="es", choices=("es", "en"))
    parser.add_argument("--stage", default="local")
    parser.add_argument("--data", type=Path, default=None,
                        help="the local stack's data folder (default .local), for --stage local")
    args = parser.parse_args(argv)
    from infra.operator_env import use_stage

    use_stage(args.stage, args.data)
    from chalicelib.errors import EmailTaken

    try:
        link = create(args.email, args.role, args.name or args.email.split("@")[0], args.language)
    except EmailTaken:
        print(f"{args.email} already signs in a member of staff.", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    print(f"Member of staff {args.email} ({args.role}) created. Send them this one-time link "
          f"to choose their password (it works once):\n{link}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
