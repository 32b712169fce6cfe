"""The archive's own fixtures; its tests are marked ``slow`` by the root conftest when they ask for PostgreSQL or a
server process."""

import pytest

from archive.store import ArchiveStore


@pytest.fixture
def archive_store(tmp_path, database):
    """The archive's store on a folder of its own, on either database."""
    store = ArchiveStore(tmp_path / "archive", database)
    yield store
    store.close()
