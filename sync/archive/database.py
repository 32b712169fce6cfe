"""The archive's two databases behind one small interface: SQLite in the data folder, or PostgreSQL by address.

SQLite is the embedded default (zero set-up, one file beside the photos); PostgreSQL serves a hosted
archive with several processes at once. The store writes its SQL once, with ``?`` for values, and asks
the database only for what differs: the search, its index, and what a deletion on request must scrub.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["Database", "PostgresDatabase", "SQLiteDatabase", "Unavailable", "open_database", "search_terms"]

Row = dict[str, Any]


class Unavailable(Exception):
    """The archive's database cannot be opened; the message says why (a wrong address, a password, a full disk)."""


def search_terms(words: str) -> list[str]:
    """Split what was typed into the words searched for: letters and digits only, so no search syntax gets through."""
    return re.findall(r"[^\W_]+", words)[:20]


class Transaction:
    """One connection inside a transaction (or a single statement), with the four ways the store asks it."""

    def __init__(self, connection: Any, placeholder: str) -> None:
        self._connection = connection
        self._placeholder = placeholder

    def _spoken(self, sql: str) -> str:
        # The store writes "?" for a value; psycopg wants "%s", and a literal "%" doubled.
        return sql if self._placeholder == "?" else sql.replace("%", "%%").replace("?", self._placeholder)

    def _execute(self, sql: str, params: Sequence[Any]) -> Any:
        return self._connection.execute(self._spoken(sql), tuple(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Return every row of a query, each as a dict."""
        return [dict(row) for row in self._execute(sql, params).fetchall()]

    def row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """Return the first row of a query, or None."""
        found = self._execute(sql, params).fetchone()
        return dict(found) if found is not None else None

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; return how many rows it changed."""
        return self._execute(sql, params).rowcount

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per row of values: on PostgreSQL in one round trip (psycopg's pipeline), not one each."""
        if rows:
            with contextlib.closing(self._connection.cursor()) as cursor:
                cursor.executemany(self._spoken(sql), [tuple(row) for row in rows])


class Database:
    """What both backends offer the store: transactions, one-off statements, and their own search."""

    dialect: str

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]:
        """A transaction that writes: all of it or none, serialised with every other writer."""
        raise NotImplementedError

    def reading(self) -> contextlib.AbstractContextManager[Transaction]:
        """A connection to read from (every statement sees what was committed before it)."""
        raise NotImplementedError

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Return every row of one query."""
        with self.reading() as db:
            return db.rows(sql, params)

    def row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """Return the first row of one query, or None."""
        with self.reading() as db:
            return db.row(sql, params)

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement in a transaction of its own."""
        with self.transaction() as db:
            return db.run(sql, params)

    def one_at_a_time(self, db: Transaction, key: str) -> None:
        """Make every other writer's transaction that names ``key`` wait for this one to end.

        SQLite's write lock serialises every writer already; on PostgreSQL this takes a lock of the key's own.
        """

    def matching(self, terms: list[str]) -> tuple[str, list[Any]]:
        """Return the condition (on ``contributions``) and its values for words that must all occur."""
        raise NotImplementedError

    def index(self, db: Transaction, entries: list[tuple[int, dict[str, Any] | None]]) -> None:
        """Put contributions' words in the search index by number, or take them out (a body of None)."""
        raise NotImplementedError

    def scrub(self) -> None:
        """After a deletion on request: let no old copy of the deleted words linger in the database's files."""

    def close(self) -> None:
        """Close every connection."""
        raise NotImplementedError


def _words(body: dict[str, Any]) -> tuple[str, str, str]:
    return body.get("text") or "", body.get("author") or "", " ".join(body.get("tags") or [])


class SQLiteDatabase(Database):
    """``archive.sqlite`` in the data folder (WAL), one connection per process; FTS5 for the search.

    Several processes may serve one file: a writer waits for the other's transaction (busy timeout).
    """

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        try:
            self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            self._connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as error:
            raise Unavailable(str(error)) from error
        self._connection.row_factory = sqlite3.Row
        self._connection.execute("PRAGMA synchronous=FULL")  # an acknowledged batch survives a power cut
        self._connection.execute("PRAGMA secure_delete=ON")  # what a deletion on request removes is overwritten
        self._lock = threading.RLock()
        self._db = Transaction(self._connection, "?")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    @contextlib.contextmanager
    def reading(self) -> Iterator[Transaction]:
        with self._lock:
            yield self._db

    def matching(self, terms: list[str]) -> tuple[str, list[Any]]:
        # Each word also as the start of a longer one: "tegel" finds "tegels", "compost" finds "compostbak".
        return "number IN (SELECT rowid FROM words WHERE words MATCH ?)", [" ".join(f'"{t}"*' for t in terms)]

    def index(self, db: Transaction, entries: list[tuple[int, dict[str, Any] | None]]) -> None:
        # The index shares its rowids with the contributions' numbers: replacing one entry is a lookup, not a scan.
        db.many("DELETE FROM words WHERE rowid = ?", [(number,) for number, _ in entries])
        db.many("INSERT INTO words (rowid, text, author, tags) VALUES (?, ?, ?, ?)",
                [(number, *_words(body)) for number, body in entries if body is not None])

    def scrub(self) -> None:
        # The rows are overwritten already (secure_delete); the search index keeps the words in older
        # segments until they are merged, and the WAL keeps earlier pages until a checkpoint.
        with self._lock:
            self._connection.execute("INSERT INTO words (words) VALUES ('optimize')")
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._connection.close()


class PostgresDatabase(Database):
    """A PostgreSQL database by its address, through a pool of connections shared by this process's requests.

    The search keeps each contribution's words three ways in one ``tsvector``: as written ('simple', so a
    word is found by its start, as on SQLite), and by their Dutch and English stems ("fietsen" finds
    "fiets"); accents are folded by ``unaccent`` on the way in and on the way out.
    """

    dialect = "postgresql"

    def __init__(self, url: str, max_connections: int = 10) -> None:
        import psycopg
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        try:  # the server's own words when it cannot be reached, rather than a pool waiting in vain
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as error:
            raise Unavailable(str(error).strip()) from error
        self._pool = ConnectionPool(url, min_size=1, max_size=max_connections, open=True, timeout=30,
                                    kwargs={"autocommit": True, "row_factory": dict_row})

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._pool.connection() as connection, connection.transaction():
            yield Transaction(connection, "%s")

    @contextlib.contextmanager
    def reading(self) -> Iterator[Transaction]:
        with self._pool.connection() as connection:
            yield Transaction(connection, "%s")

    def one_at_a_time(self, db: Transaction, key: str) -> None:
        db.row("SELECT pg_advisory_xact_lock(hashtext(?)) AS locked", (key,))

    def matching(self, terms: list[str]) -> tuple[str, list[Any]]:
        query = ("(to_tsquery('simple', unaccent(?)) || to_tsquery('dutch', unaccent(?)) "
                 "|| to_tsquery('english', unaccent(?)))")
        conditions = " AND ".join(f"search @@ {query}" for _ in terms)
        return f"number IN (SELECT number FROM words WHERE {conditions})", [f"{term}:*" for term in terms for _ in range(3)]

    def index(self, db: Transaction, entries: list[tuple[int, dict[str, Any] | None]]) -> None:
        db.many("DELETE FROM words WHERE number = ?", [(number,) for number, _ in entries])
        texts = [(number, " ".join(_words(body))) for number, body in entries if body is not None]
        db.many("INSERT INTO words (number, search) VALUES (?, to_tsvector('simple', unaccent(?)) || "
                "to_tsvector('dutch', unaccent(?)) || to_tsvector('english', unaccent(?)))",
                [(number, words, words, words) for number, words in texts])

    def close(self) -> None:
        self._pool.close()


def open_database(folder: Path, url: str | None = None) -> Database:
    """Open the archive's database: PostgreSQL when ``url`` is a ``postgresql://`` address, else the folder's file."""
    if url and url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url)
    if url:
        raise ValueError("the archive's database is a postgresql:// address, or left out for the SQLite file")
    return SQLiteDatabase(folder / "archive.sqlite")
