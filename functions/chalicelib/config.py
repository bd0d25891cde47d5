"""Every setting of the API, read from the environment once, here.

The Chalice stage (`.chalice/config.json`) or the local stack puts these in the
environment before the app is imported; nothing else in chalicelib reads os.environ.
"""

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _list(name: str, default: str = "") -> tuple[str, ...]:
    return tuple(v.strip() for v in os.environ.get(name, default).split(",") if v.strip())


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    table_name: str
    # The site's own origin(s): a mutating request with another Origin is refused.
    site_url: str
    allowed_origins: tuple[str, ...]
    mail_from: str  # the address alone: the sender's name is the company's (company/)
    # A value CloudFront adds to every request it sends to API Gateway (X-Origin-Verify):
    # a request without it went around CloudFront, which is what sets the viewer address
    # the throttles trust. Empty (no check) on the local stack, whose server sets it itself.
    origin_secret: str
    content_bucket: str
    downloads_bucket: str
    # Where the local stack wants a copy of every e-mail as .eml; empty on AWS.
    outbox_dir: str
    max_body_bytes: int
    # Sessions: absolute lifetime and idle timeout, in seconds.
    session_lifetime: int
    session_idle: int
    # Staff sessions: shorter (docs/api.md); the address ranges staff may work from (CIDR,
    # empty: anywhere), which the deploy also turns into a WAF rule; how long a link to
    # choose a staff password lasts.
    staff_session_lifetime: int
    staff_session_idle: int
    staff_networks: tuple[str, ...]
    staff_link_ttl: int
    # Throttles (docs/api.md defaults): attempts per window (seconds).
    login_fail_per_address: int
    login_fail_per_ip: int
    login_fail_window: int
    reset_per_address: int
    reset_per_ip: int
    reset_window: int
    signup_per_ip: int
    signup_window: int
    totp_fail_per_user: int
    totp_fail_window: int
    vote_per_ip: int
    # Client IPs that per-IP limits skip: on the local stack every client is loopback, so a
    # per-IP count would throttle everyone at once; behind CloudFront no client is.
    throttle_exempt_ips: tuple[str, ...]
    vote_window: int
    reset_token_ttl: int
    # A reset request answers no sooner than this (ms). 0: known address or not, the
    # request does the same (the link is a job, accounts/reset.py); a floor is there for
    # a change that would ever make the two differ again.
    reset_response_floor_ms: int
    verify_token_ttl: int
    invitation_ttl: int
    # Argon2id cost; tests lower it so the suite stays fast.
    argon2_time_cost: int
    argon2_memory_kib: int
    # The stage's SES configuration set (its bounces go to this stage); the identity is
    # shared by the account's stages. Empty locally.
    mail_configuration_set: str = ""
    # EU VAT for consumers in other member states (billing/taxes.py): Spanish IVA until the
    # company's cross-border sales to EU consumers pass this many euro cents in a calendar
    # year (Directive 2006/112/EC, art. 59c: EUR 10,000), or from the day it opts in to
    # taxing at destination; then their country's rate, declared through the OSS.
    oss_threshold_cents: int = 1_000_000
    oss_opted_in: bool = False
    # VAT numbers are checked against VIES (chalicelib/vies.py): "ec" the European
    # Commission's service, "local" the double that never leaves the machine (tests, make run).
    vies: str = "ec"
    vies_timeout: int = 5
    # Background jobs (docs/jobs.md): the queue the worker reads and the queue a job goes
    # to when it gives up; a job is tried this many times.
    jobs_queue_url: str = ""
    jobs_dead_letter_url: str = ""
    job_max_attempts: int = 8

    @property
    def secure_cookies(self) -> bool:
        return self.site_url.startswith("https://")


def _load() -> Settings:
    site_url = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    stage = os.environ.get("STAGE", "local")
    return Settings(
        stage=stage,
        region=os.environ.get("AWS_DEFAULT_REGION", "eu-west-1"),
        table_name=os.environ.get("TABLE_NAME", f"portico-{stage}"),
        site_url=site_url,
        allowed_origins=(site_url, *_list("EXTRA_ORIGINS")),
        origin_secret=os.environ.get("ORIGIN_SECRET", ""),
        mail_from=os.environ.get("MAIL_FROM", "no-reply@portico.example"),
        content_bucket=os.environ.get("CONTENT_BUCKET", f"portico-{stage}-content"),
        downloads_bucket=os.environ.get("DOWNLOADS_BUCKET", f"portico-{stage}-downloads"),
        outbox_dir=os.environ.get("OUTBOX_DIR", ""),
        max_body_bytes=_int("MAX_BODY_BYTES", 64 * 1024),
        session_lifetime=_int("SESSION_LIFETIME", 30 * 24 * 3600),
        session_idle=_int("SESSION_IDLE", 12 * 3600),
        staff_session_lifetime=_int("STAFF_SESSION_LIFETIME", 8 * 3600),
        staff_session_idle=_int("STAFF_SESSION_IDLE", 30 * 60),
        staff_networks=_list("STAFF_NETWORKS"),
        staff_link_ttl=_int("STAFF_LINK_TTL", 24 * 3600),
        login_fail_per_address=_int("LOGIN_FAIL_PER_ADDRESS", 5),
        login_fail_per_ip=_int("LOGIN_FAIL_PER_IP", 50),
        login_fail_window=_int("LOGIN_FAIL_WINDOW", 15 * 60),
        reset_per_address=_int("RESET_PER_ADDRESS", 5),
        # Every request holds the function for the response floor: a cap per IP as well.
        reset_per_ip=_int("RESET_PER_IP", 30),
        reset_window=_int("RESET_WINDOW", 3600),
        signup_per_ip=_int("SIGNUP_PER_IP", 20),
        signup_window=_int("SIGNUP_WINDOW", 3600),
        totp_fail_per_user=_int("TOTP_FAIL_PER_USER", 5),
        totp_fail_window=_int("TOTP_FAIL_WINDOW", 15 * 60),
        vote_per_ip=_int("VOTE_PER_IP", 60),
        throttle_exempt_ips=_list("THROTTLE_EXEMPT_IPS"),
        vote_window=_int("VOTE_WINDOW", 3600),
        reset_token_ttl=_int("RESET_TOKEN_TTL", 3600),
        reset_response_floor_ms=_int("RESET_RESPONSE_FLOOR_MS", 0),
        verify_token_ttl=_int("VERIFY_TOKEN_TTL", 7 * 24 * 3600),
        invitation_ttl=_int("INVITATION_TTL", 7 * 24 * 3600),
        argon2_time_cost=_int("ARGON2_TIME_COST", 3),
        argon2_memory_kib=_int("ARGON2_MEMORY_KIB", 64 * 1024),
        mail_configuration_set=os.environ.get("MAIL_CONFIGURATION_SET", ""),
        oss_threshold_cents=_int("OSS_THRESHOLD_CENTS", 1_000_000),
        oss_opted_in=os.environ.get("OSS_OPTED_IN", "") == "true",
        vies=os.environ.get("VIES", "ec"),
        vies_timeout=_int("VIES_TIMEOUT", 5),
        jobs_queue_url=os.environ.get("JOBS_QUEUE_URL", ""),
        jobs_dead_letter_url=os.environ.get("JOBS_DEAD_LETTER_URL", ""),
        job_max_attempts=_int("JOB_MAX_ATTEMPTS", 8),
    )


settings = _load()
