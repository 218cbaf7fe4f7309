"""The `yiwuxian` command: serve, migrate, seed, import, export, token, create-admin,
expire-resources, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

from settings import get_settings


async def _migrate(url: str) -> None:
    from datasources.db import create_engine
    from datasources.migrate import upgrade

    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def say(text: str) -> None:
    """A progress line on stderr (stdout stays for results)."""
    print(text, file=sys.stderr, flush=True)


def shown(url: str) -> str:
    """A database URL as it may be printed: without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


async def _seed(url: str, scale: str, seed: int, *, only_if_empty: bool) -> None:
    from datasources.db import create_engine
    from datasources.migrate import upgrade
    from datasources.seed import is_empty, seed_database
    from datasources.seed.accounts import DEMO_PASSWORD

    engine = create_engine(url)
    try:
        say(f"migrating {shown(url)} ...")
        await upgrade(engine)
        if only_if_empty and not await is_empty(engine):
            say("the database holds data already: not seeding it")
            return
        say(f"seeding the {scale} data (seed {seed}) ...")
        seeded = await seed_database(engine, scale=scale, seed=seed)
        print("seeded: " + ", ".join(f"{table} {count}" for table, count in seeded.counts.items()))
        print(
            f"demo accounts: demo_admin, demo_supervisor, demo_home, ... (password {DEMO_PASSWORD!r}; README)"
        )
        for invitation in seeded.invitations:  # only their hashes are stored: shown this once
            print(
                f"open invitation {invitation.invitation_id} ({invitation.role}, for "
                f"{invitation.display_name}): code {invitation.code} (acceptInvitation; shown only now)"
            )
    finally:
        await engine.dispose()


async def _import(url: str, path: Path) -> int:
    from datasources.db import create_engine
    from datasources.importer import ImportRejected, import_jsonl
    from datasources.migrate import upgrade

    engine = create_engine(url)
    try:
        await upgrade(engine)
        report = await import_jsonl(engine, path, lambda stage: print(f"import: {stage}", file=sys.stderr))
    except ImportRejected as rejected:
        for error in rejected.errors:
            field = f" {error.field}:" if error.field else ""
            print(f"{path}:{error.line}:{field} {error.message}", file=sys.stderr)
        print(f"rejected: {len(rejected.errors)} error(s); nothing was written", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(report)
    return 0


async def _export(url: str, path: Path | None, *, personal: bool) -> int:
    from auth.privacy import personal_columns
    from datasources.db import create_engine
    from datasources.exporter import export_jsonl
    from datasources.migrate import upgrade

    def progress(kind: str, count: int) -> None:
        print(f"export: {kind} {count:,}", file=sys.stderr)

    engine = create_engine(url)
    try:
        await upgrade(engine)
        omit = {} if personal else personal_columns()
        if path is None:
            written = await export_jsonl(engine, sys.stdout, omit=omit, progress=progress)
        else:
            with path.open("w", encoding="utf-8", newline="\n") as out:
                written = await export_jsonl(engine, out, omit=omit, progress=progress)
    finally:
        await engine.dispose()
    print("exported: " + ", ".join(f"{kind} {count}" for kind, count in written.items()), file=sys.stderr)
    return 0


async def _token(url: str, args: argparse.Namespace) -> int:
    from auth.dev_tokens import DevTokenRefused, mint_dev_token
    from datasources.db import create_engine

    engine = create_engine(url)
    try:
        minted = await mint_dev_token(
            get_settings(), engine, args.role, args.participant, args.username, args.ttl
        )
    except DevTokenRefused as refused:
        print(f"token: {refused}", file=sys.stderr)
        return 2
    finally:
        await engine.dispose()
    print(f"expires {minted.expires_at.isoformat()}; send: Authorization: Bearer <token>", file=sys.stderr)
    print(minted.token)
    return 0


def _read_password() -> str | None:
    """The new password: typed twice at a prompt, or the first line of standard input (never an
    argument, which the process list and the shell history would show). None: the two differ."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Password: ")
    return first if getpass.getpass("Password again: ") == first else None


async def _create_admin(url: str, args: argparse.Namespace) -> int:
    from datasources.db import create_engine
    from datasources.migrate import upgrade
    from services.accounts import FirstAdminRefused, create_first_admin

    password = _read_password()
    if password is None:
        print("create-admin: the passwords differ", file=sys.stderr)
        return 2
    engine = create_engine(url)
    try:
        await upgrade(engine)
        account_id = await create_first_admin(
            engine, args.username, args.display_name or args.username, password
        )
    except FirstAdminRefused as refused:
        print(f"create-admin refused: {refused}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(f"created ADMIN {args.username.strip()!r} (account {account_id}); sign in with login")
    return 0


async def _expire(url: str) -> None:
    from datasources.db import create_engine
    from services.expiry import sweep

    engine = create_engine(url)
    try:
        expired = await sweep(engine)
    finally:
        await engine.dispose()
    print(f"expired {len(expired)} resources")


def export_schema(*, client: bool = False) -> str:
    """The subgraph's SDL, or with `client` the client schema (schema/client_sdl.py)."""
    from schema import build_schema
    from schema.client_sdl import client_sdl

    return client_sdl(build_schema()) if client else build_schema().as_str() + "\n"


# The dashboard's documents (one operation a file, shared fragments) and their manifest, which
# the page reads.
DASHBOARD_DOCUMENTS = Path(__file__).parent / "static" / "dashboard" / "documents"
DASHBOARD_MANIFEST = Path(__file__).parent / "static" / "dashboard" / "trusted-documents.json"


def dashboard_manifest() -> dict[str, Any]:
    from persisted import manifest_of

    return manifest_of(DASHBOARD_DOCUMENTS)


def main(argv: list[str] | None = None) -> int:
    from datasources.seed.scales import SCALES

    parser = argparse.ArgumentParser(prog="yiwuxian", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the GraphQL service (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--seed-if-empty", action="store_true", help="migrate, and seed the demo data if empty"
    )
    commands.add_parser("migrate", help="apply the database migrations")
    seed = commands.add_parser("seed", help="fill an empty database with generated data")
    seed.add_argument("--scale", choices=sorted(SCALES), default="demo")
    seed.add_argument("--seed", type=int, default=1)
    load = commands.add_parser("import", help="import a JSON Lines file (validated first)")
    load.add_argument("file", type=Path)
    dump = commands.add_parser("export", help="write the whole graph as JSON Lines (the import's format)")
    dump.add_argument("--output", type=Path, help="write to this file instead of standard output")
    dump.add_argument(
        "--personal",
        action="store_true",
        help="include personal data (phones, e-mails, ID numbers, ...); the header then says so",
    )
    token = commands.add_parser("token", help="print a signed token for development (never in production)")
    token.add_argument("--role", required=True, help="ADMIN, SUPERVISOR, HOME_MANAGER, ORG_MEMBER, ...")
    token.add_argument("--participant", help="global id of the Home, Organization, ... it acts for")
    token.add_argument("--username", help="the account it names (default: the first that matches)")
    token.add_argument("--ttl", type=int, default=86_400, help="lifetime in seconds (default: a day)")
    admin = commands.add_parser(
        "create-admin",
        help="make the first ADMIN (password: prompted, or the first line of stdin)",
    )
    admin.add_argument("--username", required=True)
    admin.add_argument("--display-name", help="the name shown (default: the username)")
    commands.add_parser("expire-resources", help="mark resources past their window EXPIRED")
    export = commands.add_parser("export-schema", help="print the subgraph SDL")
    export.add_argument("--output", type=Path, help="write to this file instead")
    export.add_argument(
        "--client",
        action="store_true",
        help="the client schema for front ends' code generators (no federation internals)",
    )
    trusted = commands.add_parser(
        "trusted-documents",
        help="write the dashboard's persisted-query manifest (from static/dashboard/documents/)",
    )
    trusted.add_argument("--output", type=Path, help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    url = get_settings().database_url

    if args.command == "migrate":
        asyncio.run(_migrate(url))
    elif args.command == "seed":
        from datasources.seed import DatabaseNotEmpty

        try:
            asyncio.run(_seed(url, args.scale, args.seed, only_if_empty=False))
        except DatabaseNotEmpty as refused:
            print(f"seed refused: {shown(url)}: {refused}", file=sys.stderr)
            print(
                f"To seed a new database, name a new file (seed migrates it first), e.g.:\n"
                f"  YWX_DATABASE_URL=sqlite+aiosqlite:///./{args.scale}.db ./dev seed --scale {args.scale}\n"
                f"and serve it with the same YWX_DATABASE_URL before ./dev serve.",
                file=sys.stderr,
            )
            return 1
    elif args.command == "import":
        return asyncio.run(_import(url, args.file))
    elif args.command == "export":
        return asyncio.run(_export(url, args.output, personal=args.personal))
    elif args.command == "token":
        return asyncio.run(_token(url, args))
    elif args.command == "create-admin":
        return asyncio.run(_create_admin(url, args))
    elif args.command == "expire-resources":
        asyncio.run(_expire(url))
    elif args.command == "export-schema":
        sdl = export_schema(client=args.client)
        if args.output:
            args.output.write_text(sdl, encoding="utf-8")
        else:
            sys.stdout.write(sdl)
    elif args.command == "trusted-documents":
        manifest = json.dumps(dashboard_manifest(), ensure_ascii=False, indent=2) + "\n"
        if args.output:
            args.output.write_text(manifest, encoding="utf-8")
        else:
            sys.stdout.write(manifest)
    elif args.command == "serve":
        import uvicorn

        if args.seed_if_empty:
            asyncio.run(_seed(url, "demo", 1, only_if_empty=True))
        # Our lines (refused requests, faults with their reference) at INFO; libraries at WARNING.
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("yiwuxian").setLevel(logging.INFO)
        base = f"http://{args.host}:{args.port}"
        say(f"serving: GraphiQL at {base}/graphql, the dashboard at {base}/dashboard")
        uvicorn.run(
            "app:app",
            host=args.host,
            port=args.port,
            log_level="info",
            proxy_headers=True,
            forwarded_allow_ips=get_settings().forwarded_allow_ips,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
