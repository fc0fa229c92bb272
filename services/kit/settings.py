"""Settings every onewindow process reads from its environment, and nothing else.

Each service subclasses `ServiceSettings` with its own prefix-free fields; one settings object is
built per process (`settings()` in the service's own `settings.py`).
"""

import hashlib

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ONEWINDOW_", extra="ignore")

    service_name: str = "onewindow"
    mongo_url: str = "mongodb://127.0.0.1:27017/"
    # Each service owns one database; the default is derived from the service name.
    mongo_database: str | None = None
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    exchange: str = "onewindow.events"

    # Bearer tokens: the identity provider's (RS256, keys from its JWKS: Keycloak's realm is
    # `oidc_issuer`; the subject is the `oidc_subject_claim`, the staff id or the applicant's
    # ID number), and the platform's own HS256 tokens (`jwt_secret`, issuer `jwt_issuer`) for
    # tests and scripts: accepted only where no identity provider is set, or `dev_tokens`.
    jwt_secret: str | None = None
    jwt_jwks_url: str | None = None  # default: the issuer's .../protocol/openid-connect/certs
    jwt_issuer: str = "onewindow"
    jwt_audience: str = "onewindow"
    oidc_issuer: str | None = None  # ONEWINDOW_OIDC_ISSUER
    oidc_subject_claim: str = "preferred_username"
    dev_tokens: bool | None = None  # ONEWINDOW_DEV_TOKENS
    # A token lives at most this long (exp - iat); a staff shift, not a century.
    jwt_max_lifetime_seconds: int = 24 * 3600  # ONEWINDOW_JWT_MAX_LIFETIME_SECONDS

    # Consumer retries: one delay per attempt; after the last one the message is dead-lettered.
    retry_delays_ms: list[int] = Field(default_factory=lambda: [1_000, 5_000, 30_000])
    prefetch: int = 32

    # The outbox relay publishes right after each write and sweeps for leftovers this often.
    relay_sweep_seconds: float = 2.0
    # published changes are indexed for the audit trail and unmarked together at most this
    # often: a few commands for all of them instead of three for each (kit.outbox)
    relay_settle_seconds: float = 1.0
    log_level: str = "INFO"
    # Traces (kit.tracing): on where an OTLP/HTTP receiver is named (`up` starts Jaeger's);
    # ONEWINDOW_TRACING=false turns them off whatever the endpoint. The share of new traces
    # kept is decided at the root (the gateway); services follow their caller's decision.
    tracing: bool = True  # ONEWINDOW_TRACING
    otlp_endpoint: str | None = None  # ONEWINDOW_OTLP_ENDPOINT, e.g. http://127.0.0.1:4318
    # a tenth by default (what a production centre keeps: docs/benchmarks.md); `up` and the
    # tests keep every trace
    trace_sample_ratio: float = Field(default=0.1, ge=0.0, le=1.0)  # ONEWINDOW_TRACE_SAMPLE_RATIO
    # a span per database command (PyMongo's instrumentation): the costliest part of tracing,
    # sampled or not (docs/benchmarks.md, issue 27)
    trace_database: bool = True  # ONEWINDOW_TRACE_DATABASE
    # How often scheduled work (rollover, daily watch, number sweeps) looks whether it is due.
    scheduler_tick_seconds: float = 30.0
    # A number (case, complaint) drawn this long ago whose record is not stored is voided
    # (kit.numbers): far beyond any request's life, so a record still being written is never
    # mistaken for lost.
    number_void_after_seconds: float = Field(default=600.0, ge=60.0, le=86400.0)
    # Testing only: read "now" from this file (see kit.clock.FileClock). Never set in production.
    clock_file: str | None = None

    # Production: no GraphQL IDE and no introspection on the services (the gateway reads the
    # same variable); the SDL is exported from the schema objects.
    production: bool = False  # ONEWINDOW_PRODUCTION
    # The gateway proves it forwarded a request (and which client address it saw) with this
    # shared secret; without it a request is a direct caller's, from its socket address.
    gateway_secret: str | None = None  # ONEWINDOW_GATEWAY_SECRET
    # Request bodies above this are refused early (413); kit/limits.json's bodyBytes.
    max_body_bytes: int | None = None  # ONEWINDOW_MAX_BODY_BYTES

    # Public look-ups by number and code (a case's progress, a complaint's): wrong attempts
    # allowed per number and per client address within a window, then locked until it ends.
    lookup_attempts_per_number: int = Field(default=5, ge=1)
    lookup_attempts_per_client: int = Field(default=20, ge=1)
    lookup_window_seconds: int = Field(default=900, ge=60)

    def derived_key(self, purpose: str, explicit: str | None = None) -> bytes:
        """A key for one purpose (signed links, challenges): `explicit` when set, else derived
        from the JWT or gateway secret, the same in every replica."""
        key = explicit or self.jwt_secret or self.gateway_secret
        if not key:
            raise ValueError(f"set a key for {purpose} (or ONEWINDOW_GATEWAY_SECRET)")
        return hashlib.sha256(f"onewindow-{purpose}:".encode() + key.encode()).digest()

    @property
    def jwks_url(self) -> str | None:
        if self.jwt_jwks_url:
            return self.jwt_jwks_url
        return f"{self.oidc_issuer.rstrip('/')}/protocol/openid-connect/certs" \
            if self.oidc_issuer else None

    @property
    def dev_tokens_allowed(self) -> bool:
        """The platform's own HS256 tokens: where no identity provider signs tokens, or where
        a setting says so explicitly (the local stack, the tests)."""
        if self.dev_tokens is not None:
            return self.dev_tokens and bool(self.jwt_secret)
        return bool(self.jwt_secret) and not self.jwks_url

    @property
    def database_name(self) -> str:
        return self.mongo_database or f"onewindow_{self.service_name}"

    @property
    def max_attempts(self) -> int:
        return len(self.retry_delays_ms) + 1
