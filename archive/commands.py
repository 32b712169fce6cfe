"""``netwerkkiosk archive …``: serve the central archive and give kiosks their tokens.

Loaded only for these commands (netwerkkiosk.cli): the archive's server loads nothing of the kiosk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from archive import admin, backup, passwords
from archive.app import create_archive_app, serve
from archive.database import Unavailable, open_database
from archive.organisations import organisation_fields
from archive.people import ROLES, plain_email
from archive.programmes import slug
from archive.schema import pending
from archive.store import ArchiveStore
from netwerk.contributions import N_, ContributionError
from netwerk.disk import is_full
from netwerk.folders import cannot_open
from netwerk.qr import qr_terminal
from netwerk.serving import listen
from netwerk.terminal import UserError, say

__all__ = ["archive"]


@click.group()
def archive() -> None:
    """The central archive: serve it, and give kiosks their tokens."""


def _cannot_open_archive(data_dir: str, database: str | None, error: Exception) -> UserError:
    if database and isinstance(error, (ValueError, Unavailable)):
        return UserError(N_("Cannot use the archive's database: %(reason)s"), reason=str(error))
    return cannot_open(data_dir, error)


_FIRST = "NETWERKKIOSK_ARCHIVE_ORGANISATION"


def _first_organisation(name: str | None = None) -> tuple[str, str]:
    """The organisation an archive from before organisations becomes: ``--organisation`` of ``serve``, or the
    setting every command and gunicorn read (NETWERKKIOSK_ARCHIVE_ORGANISATION), or "Netwerk"."""
    name = name or os.environ.get(_FIRST) or "Netwerk"
    return slug(name), name


def _archive_store(data_dir: str, database: str | None) -> ArchiveStore:
    try:
        return ArchiveStore(data_dir, database, _first_organisation())
    except (OSError, ValueError, Unavailable) as error:
        raise _cannot_open_archive(data_dir, database, error) from error


def _archive_data(command: Callable) -> Callable:
    """The two places an archive keeps its things: the data folder (photos) and the database."""
    command = click.option("--db", "database", envvar="NETWERKKIOSK_ARCHIVE_DB", metavar="postgresql://…",
                           help="A PostgreSQL database for a hosted archive (default: archive.sqlite in the data "
                                "folder). Also NETWERKKIOSK_ARCHIVE_DB.")(command)
    return click.option("--data", "data_dir", default="archive-data", show_default=True,
                        type=click.Path(file_okay=False), help="The archive's data folder (its photos).")(command)


@archive.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind a TLS proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port for kiosks' syncs and the archive's pages.")
@click.option("--proxies", default=0, show_default=True, type=click.IntRange(0, 10),
              envvar="NETWERKKIOSK_ARCHIVE_PROXIES",
              help="How many reverse proxies of your own stand in front: their X-Forwarded-For then names the "
                   "reader. Also NETWERKKIOSK_ARCHIVE_PROXIES.")
@click.option("--organisation", "first", metavar="NAME", envvar=_FIRST,
              help="An archive from before organisations becomes one organisation of this name on its first start "
                   "(default: Netwerk). Also NETWERKKIOSK_ARCHIVE_ORGANISATION.")
@_archive_data
def archive_serve(host, port, proxies, first, data_dir, database) -> None:
    """Serve the archive: the sync API for kiosks, the contributions API and the pages."""
    listener = listen(host, port)
    try:
        app = create_archive_app({"DATA_DIR": data_dir, "DB": database, "PROXIES": proxies,
                                  "ORGANISATION": _first_organisation(first)[1]})
    except (OSError, ValueError, Unavailable) as error:
        listener.close()
        raise _cannot_open_archive(data_dir, database, error) from error
    click.echo(say(N_("Netwerkkiosk archive on http://%(host)s:%(port)s/ (data in %(folder)s). Stop it with "
                      "Ctrl+C."), host=host, port=port, folder=app.config["DATA_DIR"]))
    try:
        serve(app, listener)
    finally:
        app.extensions["archive"].close()
    click.echo(say(N_("The archive stopped.")))


@archive.command(name="add-organisation")
@click.argument("slug_", metavar="SLUG")
@click.option("--name", required=True, help="The organisation's name, as its pages show it.")
@click.option("--lang", default="nl", show_default=True, type=click.Choice(["nl", "en"]),
              help="The language of its pages.")
@click.option("--description", default="", help="A sentence or two on who they are.")
@click.option("--colour", default="#1f6f5c", show_default=True, help="The colour of its pages, as #rrggbb.")
@click.option("--licence", default="CC BY 4.0", show_default=True, help="The licence of its published outcomes.")
@click.option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An image of its logo (PNG, JPEG or WebP); its owners can change it on their members' page.")
@_archive_data
def archive_add_organisation(slug_, name, lang, description, colour, licence, logo, data_dir, database) -> None:
    """Add an organisation (a city, a neighbourhood, a foundation): SLUG is its short name in addresses, /o/SLUG/."""
    store = _archive_store(data_dir, database)
    try:
        fields = organisation_fields(slug_, name, lang, description, colour, licence)
        logo_file = store.logos.add(logo.read_bytes()) if logo else None
    except ContributionError as error:
        raise UserError(error.message, **error.params) from error
    if not store.organisations.add(fields):
        raise UserError(N_("There is an organisation called %(slug)s already."), slug=slug_)
    if logo_file:
        store.organisations.set_logo(slug_, logo_file)
    click.echo(say(N_("%(name)s is added: its pages are at /o/%(slug)s/. Add its owner with: netwerkkiosk archive "
                      "add-member EMAIL --organisation %(slug)s --role owner"), name=fields["name"], slug=slug_))


def _organisation(store: ArchiveStore, given: str | None) -> str:
    """The organisation a command is for: the one named, or the archive's only one."""
    chosen = given or store.organisations.only()
    if chosen is None:
        raise UserError(N_("Name the organisation with --organisation SLUG (first add one with: netwerkkiosk archive "
                           "add-organisation SLUG --name NAME)."))
    if store.organisations.get(chosen) is None:
        raise UserError(N_("There is no organisation called %(slug)s."), slug=chosen)
    return chosen


@archive.command(name="add-kiosk")
@click.argument("name")
@click.option("--organisation", metavar="SLUG", help="The organisation the kiosk belongs to (needed when the archive "
                                                      "has more than one).")
@_archive_data
def archive_add_kiosk(name, organisation, data_dir, database) -> None:
    """Register a kiosk of an organisation and print its token (shown once; the archive keeps only its hash)."""
    if not name.strip():
        raise UserError(N_("Give the kiosk a name, such as markt-oost."))
    store = _archive_store(data_dir, database)
    _show_token(store.add_kiosk(name, _organisation(store, organisation)),
                N_("There is a kiosk called %(name)s already: give it a new token with 'netwerkkiosk archive "
                   "renew-token %(name)s', or choose another name."), name)


@archive.command(name="add-member")
@click.argument("email")
@click.option("--organisation", metavar="SLUG", help="The organisation (needed when the archive has more than one).")
@click.option("--role", required=True, type=click.Choice(ROLES[::-1]),
              help="owner: members, kiosks and programmes; editor: programmes, planning, contacts; viewer: hidden "
                   "contributions and the moderation log.")
@click.option("--url", default="http://127.0.0.1:8000", show_default=True, envvar="NETWERKKIOSK_ARCHIVE_URL",
              help="The archive's address as the team opens it, for the first-time link. Also "
                   "NETWERKKIOSK_ARCHIVE_URL.")
@_archive_data
def archive_add_member(email, organisation, role, url, data_dir, database) -> None:
    """Give a person a role in an organisation; a new member gets a first-time link to set their password."""
    address = plain_email(email)
    if address is None:
        raise UserError(N_("%(email)s is not an e-mail address."), email=email)
    store = _archive_store(data_dir, database)
    slug_ = _organisation(store, organisation)
    token = store.people.add_member(address, slug_, role)
    store.people.record(slug_, admin.ADMIN, "add-member", f"{address} ({role})")
    if token is None:
        click.echo(say(N_("%(email)s is %(role)s of %(slug)s now, and signs in with their own password."),
                       email=address, role=role, slug=slug_))
        return
    click.echo(say(N_("%(email)s is %(role)s of %(slug)s. Send them this link to set their password (once, within "
                      "three days):"), email=address, role=role, slug=slug_), err=True)
    click.echo(f"{url.rstrip('/')}/team/welcome/{token}")


def _show_token(token: str | None, refusal: str, name: str) -> None:
    """Print a kiosk's new token once, alone on standard output (for a script); on standard error what it is for,
    and its QR code for a phone's camera; or say why not."""
    if token is None:
        raise UserError(refusal, name=name)
    click.echo(say(N_("The token of kiosk %(name)s, shown this once (the archive keeps only its hash). Enter it in "
                      "the control room under Archive and export (or scan the code), or give it to 'netwerkkiosk sync "
                      "--token':"),
                   name=name), err=True)
    click.echo(token)
    click.echo(qr_terminal(token), err=True)


def _long_enough(password: str) -> str:
    if len(password) < passwords.MIN_LENGTH:
        raise click.UsageError(say(N_("The admin password needs at least %(count)s characters."),
                                   count=passwords.MIN_LENGTH))
    return password


@archive.command(name="set-password")
@_archive_data
def archive_set_password(data_dir, database) -> None:
    """Set the admin password for the team-only pages (hidden contributions, moderation log, contacts)."""
    password = click.prompt(say(N_("Admin password")), hide_input=True, err=True, value_proc=_long_enough,
                            confirmation_prompt=say(N_("Repeat the password")))
    admin.set_password(_archive_store(data_dir, database), password)
    click.echo(say(N_("The admin password is set; browsers signed in with an earlier one are signed out.")))


@archive.command(name="renew-token")
@click.argument("name")
@_archive_data
def archive_renew_token(name, data_dir, database) -> None:
    """Give a kiosk a new token and stop its old one (a lost, leaked or revoked token); print it once."""
    _show_token(_archive_store(data_dir, database).renew_token(name), N_("There is no kiosk called %(name)s."), name)


@archive.command(name="revoke-kiosk")
@click.argument("name")
@_archive_data
def archive_revoke_kiosk(name, data_dir, database) -> None:
    """Stop a kiosk's token from syncing (a lost laptop)."""
    if not _archive_store(data_dir, database).revoke_kiosk(name):
        raise UserError(N_("There is no kiosk called %(name)s."), name=name)
    click.echo(say(N_("%(name)s can no longer sync."), name=name))


@archive.command(name="backup")
@click.argument("destination", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@_archive_data
def archive_backup(destination, data_dir, database) -> None:
    """Write the whole archive, also while it runs, to one file: its database and its photos and logos, with a
    manifest (restore it with: netwerkkiosk archive restore)."""
    try:
        manifest = backup.backup(Path(data_dir), database, destination)
    except (backup.BackupError, OSError) as error:
        raise _backup_error(error) from error
    click.echo(say(N_("The archive is backed up in %(file)s: its database and %(count)s files."), file=str(destination),
                   count=len(manifest["files"]) - 1))


@archive.command(name="restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_archive_data
def archive_restore(source, data_dir, database) -> None:
    """Bring a backup back into an empty data folder (and an empty database, with --db); start the archive on them
    as before."""
    try:
        manifest = backup.restore(source, Path(data_dir), database)
    except (backup.BackupError, OSError) as error:
        raise _backup_error(error) from error
    click.echo(say(N_("Restored the archive backed up on %(made)s by release %(release)s into %(folder)s. Start it "
                      "with: netwerkkiosk archive serve"), made=manifest["made"][:16].replace("T", " "),
                   release=manifest["release"], folder=data_dir))


def _backup_error(error: Exception) -> UserError:
    if isinstance(error, backup.BackupError):
        return UserError(error.message, **error.params)
    if isinstance(error, OSError) and is_full(error):
        return UserError(N_("The disk is full: nothing was written. Make room (or choose another disk), then try "
                            "again."))
    return UserError(N_("Cannot back up or restore: %(reason)s"), reason=str(error))


@archive.command(name="migrate")
@click.option("--check", is_flag=True, help="Only say what the upgrade will do; change nothing.")
@_archive_data
def archive_migrate(check, data_dir, database) -> None:
    """Bring the archive's tables up to this release (serve does it on start too); with --check, only say what that
    will do."""
    if not database and not (Path(data_dir) / "archive.sqlite").is_file():
        raise UserError(N_("There is no archive in %(folder)s: no archive.sqlite there."), folder=data_dir)
    if not check:
        _archive_store(data_dir, database).close()  # opening it runs what is pending
        click.echo(say(N_("The archive is up to date.")))
        return
    try:
        db = open_database(Path(data_dir), database)
    except (OSError, ValueError, Unavailable) as error:
        raise _cannot_open_archive(data_dir, database, error) from error
    try:
        steps = pending(db)
    finally:
        db.close()
    if not steps:
        click.echo(say(N_("The archive is up to date: nothing to do.")))
        return
    click.echo(say(N_("The next start runs %(count)s migrations, each in one transaction (back up first):"),
                   count=len(steps)))
    for number, what in steps:
        click.echo(f"  {number}. {say(what)}")
