"""Light pages for one bar of Wi-Fi: the phone's list shows small renditions of photos, answers travel
compressed, and static files have versioned addresses that browsers keep for a year."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.harness.phones import phone_address
from tests.harness.photos import jpeg

ZSTD_BR_GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def send(client, number: int, **files) -> dict:
    answer = client.post("/api/contributions", data={"kind": "idea", "text": f"Een foto van de markt {number}",
                                                     **files}, environ_base={"REMOTE_ADDR": phone_address(number)})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_the_phones_list_offers_a_400_px_rendition_of_each_photo(client):
    item = send(client, 1, photo=(io.BytesIO(jpeg(1600, 1200, "teal")), "foto.jpg"))
    page = client.get("/").get_data(as_text=True)
    small = item["photo"].replace("/media/", "/media/400/")
    assert f'srcset="{small} 400w, {item["photo"]} 1600w"' in page
    with client.get(small) as answer, client.get(item["photo"]) as photo:
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "public, max-age=31536000"
        assert Image.open(io.BytesIO(answer.data)).size == (400, 300)
        assert len(answer.data) < len(photo.data) / 5
    assert client.get("/media/400/" + "0" * 64 + ".jpg").status_code == 404
    assert client.get("/media/400/..%2Fkiosk.json").status_code == 404


def test_pages_json_and_scripts_travel_compressed(client):
    for number in range(3):  # answers under 500 bytes go as they are
        send(client, number)
    for path in ("/", "/wall", "/api/contributions", "/qr.svg"):
        answer = client.get(path, headers=ZSTD_BR_GZIP)
        assert answer.headers.get("Content-Encoding") in ("zstd", "br"), path
        assert "Accept-Encoding" in answer.headers["Vary"]
    assert client.get("/", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"  # older phones
    assert "Content-Encoding" not in client.get("/").headers


def test_static_files_have_versioned_addresses_kept_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    addresses = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert addresses and all(re.search(r"\?v=[0-9a-f]{12}$", address) for address in addresses), addresses
    for address in addresses:
        with client.get(address, headers=ZSTD_BR_GZIP) as answer:
            assert answer.status_code == 200
            assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/css/participant.css") as unversioned:
        assert "immutable" not in unversioned.headers["Cache-Control"]
