"""Bearer tokens: the ones `login` issues (HS256), and an external provider's (RS256/ES256, JWKS).

Claims we read (the same names in both kinds of token):

| claim | meaning |
|---|---|
| `sub` | our tokens: the account id; external tokens: the provider's subject |
| `roles` | array of Role names (ADMIN, SUPERVISOR, HOME_MANAGER, ...); unknown names are ignored |
| `participant` | global id of the Home, Organization, SocialWorker or Volunteer the account acts for |
| `name` | display name (external tokens; optional) |
| `tv` | our tokens: the account's token version at minting (absent: 0); any other is refused |
| `iss`, `aud`, `exp`, `iat` | always checked; `exp` is required |

The algorithm is chosen by us, never by the token: HS256 tokens are checked against our
secret only, RS256/ES256 ones against the provider's JWKS only; anything else (`none`
included) is refused.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from domain.enums import ParticipantRef, Role
from domain.global_ids import participant_global_id, participant_ref

EMBEDDED_ISSUER = "yiwuxian"
EMBEDDED_AUDIENCE = "yiwuxian"
EMBEDDED_ALGORITHM = "HS256"
EXTERNAL_ALGORITHMS = ("RS256", "ES256")
LEEWAY_SECONDS = 30  # clock skew tolerated on exp / iat / nbf


class TokenRejected(Exception):
    """The bearer token cannot be trusted: the whole request is refused (HTTP 401).

    The reason is safe to show the client: it never contains the token or its claims.
    """

    def __init__(self, reason: str, status: int = 401) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Claims:
    """What a verified token says about its bearer."""

    subject: str
    roles: frozenset[Role]
    participant: ParticipantRef | None
    name: str | None = None
    token_version: int = 0
    issued_at: datetime | None = None  # `iat` (required by `_decode`)


def roles_of(values: Any) -> frozenset[Role]:
    """Known Role names from a `roles` claim (an array, or a space-separated string)."""
    if isinstance(values, str):
        values = values.split()
    if not isinstance(values, Iterable):
        return frozenset()
    return frozenset(Role(value) for value in values if isinstance(value, str) and value in Role.__members__)


def _claims(payload: dict[str, Any]) -> Claims:
    subject = payload.get("sub")
    if not isinstance(subject, str) or not subject:
        raise TokenRejected("the token has no subject (sub)")
    participant = None
    claimed = payload.get("participant")
    if claimed is not None:
        participant = participant_ref(claimed) if isinstance(claimed, str) else None
        if participant is None:
            raise TokenRejected("the token's participant claim is not the id of a participant")
    name = payload.get("name")
    version = payload.get("tv", 0)
    issued = payload.get("iat")
    return Claims(
        subject=subject,
        roles=roles_of(payload.get("roles")),
        participant=participant,
        name=name if isinstance(name, str) else None,
        token_version=version if isinstance(version, int) else -1,  # -1 matches no account
        issued_at=datetime.fromtimestamp(issued, UTC) if isinstance(issued, int | float) else None,
    )


def _decode(token: str, key: Any, algorithms: list[str], issuer: str, audience: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            key,
            algorithms=algorithms,
            issuer=issuer,
            audience=audience,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenRejected("the token has expired") from None
    except jwt.InvalidAudienceError:
        raise TokenRejected("the token is meant for another audience") from None
    except jwt.InvalidIssuerError:
        raise TokenRejected("the token comes from an unknown issuer") from None
    except jwt.InvalidSignatureError:
        raise TokenRejected("the token's signature is not valid") from None
    except jwt.MissingRequiredClaimError as missing:
        raise TokenRejected(f"the token lacks the required claim '{missing.claim}'") from None
    except jwt.InvalidTokenError:
        raise TokenRejected("the token is malformed or not valid") from None


class TokenIssuer:
    """Our own tokens: HS256 with the configured secret."""

    def __init__(self, secret: str, ttl_seconds: int) -> None:
        # The HMAC key is the secret's SHA-256: always 256 bits, whatever the secret's length.
        self._secret = hashlib.sha256(secret.encode()).digest()
        self.ttl_seconds = ttl_seconds

    def mint(
        self,
        account_id: int,
        roles: Iterable[Role | str],
        participant: ParticipantRef | None,
        *,
        ttl_seconds: int | None = None,
        now: datetime | None = None,
        token_version: int = 0,
    ) -> tuple[str, datetime]:
        """A signed token for an account (at its token version), and when it expires."""
        issued = (now or datetime.now(UTC)).replace(microsecond=0)
        expires = issued + timedelta(seconds=ttl_seconds or self.ttl_seconds)
        payload: dict[str, Any] = {
            "iss": EMBEDDED_ISSUER,
            "aud": EMBEDDED_AUDIENCE,
            "sub": str(account_id),
            "iat": issued,
            "exp": expires,
            "jti": uuid.uuid4().hex,
            "roles": sorted(str(role) for role in roles),
        }
        if participant is not None:
            payload["participant"] = participant_global_id(participant)
        if token_version:
            payload["tv"] = token_version
        return jwt.encode(payload, self._secret, algorithm=EMBEDDED_ALGORITHM), expires

    def verify(self, token: str) -> Claims:
        payload = _decode(token, self._secret, [EMBEDDED_ALGORITHM], EMBEDDED_ISSUER, EMBEDDED_AUDIENCE)
        claims = _claims(payload)
        if not claims.subject.isdigit():
            raise TokenRejected("the token's subject is not an account")
        return claims


class ExternalVerifier:
    """An external identity provider's tokens, checked against its JWKS (keys cached)."""

    def __init__(self, jwk_client: jwt.PyJWKClient, issuer: str, audience: str) -> None:
        self._keys = jwk_client
        self.issuer = issuer
        self.audience = audience

    @classmethod
    def from_url(cls, jwks_url: str, issuer: str, audience: str) -> ExternalVerifier:
        return cls(jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=5), issuer, audience)

    async def verify(self, token: str) -> Claims:
        try:
            # PyJWKClient fetches with urllib (blocking): keep it off the event loop.
            key = await asyncio.to_thread(self._keys.get_signing_key_from_jwt, token)
        except jwt.PyJWKClientConnectionError:
            raise TokenRejected("the identity provider's keys cannot be fetched", status=503) from None
        except (jwt.PyJWKClientError, jwt.InvalidTokenError):
            raise TokenRejected("the token is not signed by a key of the identity provider") from None
        payload = _decode(token, key.key, list(EXTERNAL_ALGORITHMS), self.issuer, self.audience)
        return _claims(payload)


def token_algorithm(token: str) -> str:
    """The `alg` a token claims (unverified: only used to pick which check applies)."""
    try:
        return str(jwt.get_unverified_header(token).get("alg"))
    except jwt.InvalidTokenError:
        raise TokenRejected("the token is malformed") from None
