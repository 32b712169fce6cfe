"""The archive's two databases behind one small interface: SQLite in the data folder, or PostgreSQL by address.

SQLite is the embedded default (zero set-up, one file beside the photos); PostgreSQL serves a hosted
archive with several processes at once. The store writes its SQL once, in psycopg's own format (``%s`` for a value,
``%%`` for a percent sign), and asks the database only for what differs: the search, its index, and what a deletion
on request must scrub. For SQLite that format is read back exactly (``_qmark``): every ``%s`` a ``?``, every ``%%`` a
``%``; a ``?`` the SQL itself holds (PostgreSQL's jsonb operator, a question in a text) stays what it is on both.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["Database", "PostgresDatabase", "SQLiteDatabase", "Unavailable", "marks", "open_database", "search_terms"]

Row = dict[str, Any]
_FORMAT = re.compile(r"%([s%])")


class Unavailable(Exception):
    """The archive's database cannot be opened; the message says why (a wrong address, a password, a full disk)."""


def marks(count: int) -> str:
    """The placeholders of a list of ``count`` values, as in ``IN (%s, %s, %s)``."""
    return ", ".join(["%s"] * count)


def _qmark(sql: str) -> str:
    """The SQL in SQLite's placeholders: psycopg's format read back, ``%s`` a value and ``%%`` a percent sign."""
    return _FORMAT.sub(lambda found: "?" if found.group(1) == "s" else "%", sql)


def search_terms(words: str) -> list[str]:
    """Split what was typed into the words searched for: letters and digits only, so no search syntax gets through."""
    return re.findall(r"[^\W_]+", words)[:20]


class Transaction:
    """One connection inside a transaction (or a single statement), with the four ways the store asks it."""

    def __init__(self, connection: Any, spoken: Callable[[str], str] = str) -> None:
        self._connection = connection
        self._spoken = spoken  # the store's SQL as this database reads it

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
    # The table a search's counts are read from: one with the fields a view filters and counts on.
    search_table = "contributions"
    # Whether each row of that table carries its words, so that a row can be tested for a word on its own.
    words_in_rows = False
    # The slug and name of the organisation that migration 6 gives what an archive from before organisations held.
    first_organisation = ("netwerk", "Netwerk")

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

    def searching(self) -> contextlib.AbstractContextManager[Transaction]:
        """A connection to read a search from: as ``reading``, unless the database needs telling how to search."""
        return self.reading()

    def matching(self, terms: list[str], table: str = "contributions") -> tuple[str, list[Any]]:
        """Return the condition (on ``table``) and its values for words that must all occur."""
        raise NotImplementedError

    def ranking(self, terms: list[str]) -> tuple[str, list[Any]]:
        """Return a query of the contributions that hold every word, each ``number`` with its ``score`` (the lower,
        the more the contribution is about the words), and its values."""
        raise NotImplementedError

    def index(self, db: Transaction, entries: list[tuple[int, dict[str, Any] | None]]) -> None:
        """Put contributions' words in the search index by number, or take them out (a body of None).

        Called once the contributions' rows and their tags are written, in the same transaction.
        """
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
        self._db = Transaction(self._connection, _qmark)

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

    def matching(self, terms: list[str], table: str = "contributions") -> tuple[str, list[Any]]:
        # Each word also as the start of a longer one: "tegel" finds "tegels", "compost" finds "compostbak".
        return "number IN (SELECT rowid FROM words WHERE words MATCH %s)", [" ".join(f'"{t}"*' for t in terms)]

    def ranking(self, terms: list[str]) -> tuple[str, list[Any]]:
        # BM25: a word that comes back often in a short text weighs more than one mention in a long story; a word
        # in the tags (the third column) weighs as much as four in the text.
        return ("SELECT rowid AS number, bm25(words, 1.0, 1.0, 4.0) AS score FROM words WHERE words MATCH %s",
                [" ".join(f'"{t}"*' for t in terms)])

    def index(self, db: Transaction, entries: list[tuple[int, dict[str, Any] | None]]) -> None:
        # The index shares its rowids with the contributions' numbers: replacing one entry is a lookup, not a scan.
        db.many("DELETE FROM words WHERE rowid = %s", [(number,) for number, _ in entries])
        db.many("INSERT INTO words (rowid, text, author, tags) VALUES (%s, %s, %s, %s)",
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
    "fiets"); accents are folded by ``unaccent`` on the way in and on the way out. Its table, ``words``,
    also carries the fields a view filters and counts on, so that a search's counts never join the
    contributions: a word in a third of 100,000 was counted in 340 ms that way, and is in 50–95 ms this way.
    """

    dialect = "postgresql"
    search_table = "words"
    words_in_rows = True

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
            yield Transaction(connection)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Transaction]:
        with self._pool.connection() as connection:
            yield Transaction(connection)

    @contextlib.contextmanager
    def searching(self) -> Iterator[Transaction]:
        # The planner prices matching a tsvector as one comparison, so for a word in a third of the archive
        # it reads every row's words (90 ms) rather than the index's list of them (20 ms): tell it not to.
        with self.transaction() as db:
            db.run("SET LOCAL enable_seqscan = off")
            yield db

    def one_at_a_time(self, db: Transaction, key: str) -> None:
        db.row("SELECT pg_advisory_xact_lock(hashtext(%s)) AS locked", (key,))

    def matching(self, terms: list[str], table: str = "contributions") -> tuple[str, list[Any]]:
        query = self._query(terms)
        if query is None:
            return "0 = 1", []
        if table == "words":
            return "search @@ CAST(%s AS tsquery)", [query]
        return "number IN (SELECT number FROM words WHERE search @@ CAST(%s AS tsquery))", [query]

    def ranking(self, terms: list[str]) -> tuple[str, list[Any]]:
        # The index keeps no positions (see ``index``), so ts_rank counts which forms of the words a contribution
        # holds ("fiets", "fietsen", "fietspad"), divided by the log of how many words it has: a short text about
        # the words before a long story that names them once.
        query = self._query(terms)
        if query is None:
            return "SELECT number, 0 AS score FROM words WHERE 0 = 1", []
        return ("SELECT number, -ts_rank(search, CAST(%s AS tsquery), 1) AS score FROM words "
                "WHERE search @@ CAST(%s AS tsquery)", [query, query])

    def _query(self, terms: list[str]) -> str | None:
        """Every word as the start of what the index holds of it: as written and by its stems, each once.

        Written out rather than joined with ``||`` in the query, where "tegel" would be three times
        'tegel':* and the planner, counting each apart, would expect it in 70% of the archive.
        """
        rows = self.rows(
            "SELECT array(SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('simple', unaccent(term)) || "
            "to_tsvector('dutch', unaccent(term)) || to_tsvector('english', unaccent(term)))) ORDER BY 1) AS lexemes "
            "FROM unnest(CAST(%s AS text[])) WITH ORDINALITY AS typed (term, place) ORDER BY place", [terms])
        if not all(row["lexemes"] for row in rows):
            return None  # a word the index cannot hold (too long) is in no contribution
        return " & ".join("(" + " | ".join(f"'{_quoted(lexeme)}':*" for lexeme in row["lexemes"]) + ")"
                          for row in rows)

    def index(self, db: Transaction, entries: list[tuple[int, dict[str, Any] | None]]) -> None:
        db.many("DELETE FROM words WHERE number = %s", [(number,) for number, _ in entries])
        # Without positions (strip): nothing ranks or searches phrases, and a stripped row needs no TOAST.
        # The fields as the contribution's rows, written just before in this transaction, have them.
        db.many("INSERT INTO words (number, search, status, kind, event_id, created_at, organisation, tags) SELECT "
                "number, strip(to_tsvector('simple', unaccent(%s)) || to_tsvector('dutch', unaccent(%s)) || "
                "to_tsvector('english', unaccent(%s))), status, kind, event_id, created_at, organisation, "
                "ARRAY(SELECT tag FROM tags WHERE tags.number = contributions.number ORDER BY tag) "
                "FROM contributions WHERE number = %s",
                [(*[" ".join(_words(body))] * 3, number) for number, body in entries if body is not None])

    def scrub(self) -> None:
        # The planner keeps sample values of every column (readable in pg_stats): the erased text, name, tags
        # and contact among them, until ANALYZE samples the rows that remain. ANALYZE leaves the statistics of a
        # table with no rows as they were: restating a column's type drops them. The rows replaced stay in
        # pg_statistic's files until VACUUM FULL rewrites it (allowed to the database's owner, which the archive
        # connects as; without that right PostgreSQL skips it with a warning).
        with self._pool.connection() as connection:
            connection.execute(f"ANALYZE {', '.join(dict.fromkeys(table for table, _, _ in _ERASABLE))}")
            for table, column, kind in _ERASABLE:
                if connection.execute(f"SELECT NOT EXISTS (SELECT FROM {table}) AS empty").fetchone()["empty"]:
                    connection.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind}")
            connection.execute("VACUUM FULL pg_statistic")

    def close(self) -> None:
        self._pool.close()


# The columns that hold what a deletion on request erases, with their types, in the tables it erases from.
_ERASABLE = (("contributions", "body", "text"), ("words", "search", "tsvector"), ("words", "tags", "text[]"),
             ("tags", "tag", "text"), ("contacts", "contact", "text"))


def _quoted(lexeme: str) -> str:
    # A lexeme in a tsquery's own notation: within single quotes, a quote doubled and a backslash escaped.
    return lexeme.replace("\\", "\\\\").replace("'", "''")


def open_database(folder: Path, url: str | None = None) -> Database:
    """Open the archive's database: PostgreSQL when ``url`` is a ``postgresql://`` address, else the folder's file."""
    if url and url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url)
    if url:
        raise ValueError("the archive's database is a postgresql:// address, or left out for the SQLite file")
    return SQLiteDatabase(folder / "archive.sqlite")
