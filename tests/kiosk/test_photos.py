"""Photos from phones: accepted by content, made safe and small, stored once; hostile ones refused clearly."""

import io

import pytest
from PIL import Image

from netwerk.contributions import ContributionError
from netwerk.media import PhotoStore, sniff
from tests.harness import photos
from tests.harness.phones import phone_address


def send(client, photo: bytes, filename="foto.jpg", phone=0, **fields):
    data = {"kind": "story", "text": "Met foto", **fields, "photo": (io.BytesIO(photo), filename)}
    return client.post("/api/contributions", data=data, content_type="multipart/form-data",
                       environ_base={"REMOTE_ADDR": phone_address(phone)})


def test_sniffing_looks_at_the_bytes_not_the_name():
    assert sniff(photos.jpeg()) == "JPEG"
    assert sniff(photos.encoded("PNG")) == "PNG"
    assert sniff(photos.encoded("WEBP")) == "WEBP"
    assert sniff(b"#!/bin/sh\nrm -rf /\n") is None
    assert sniff(b"<script>alert(1)</script>") is None


def test_a_photo_is_turned_upright_shrunk_and_stripped_of_gps(tmp_path):
    store = PhotoStore(tmp_path)
    name = store.add(photos.jpeg(4000, 3000, gps=True, rotate=True))
    with Image.open(store.path(name)) as stored:
        assert stored.format == "JPEG" and stored.size == (1200, 1600)
        assert dict(stored.getexif()) == {} and "exif" not in stored.info


def test_the_same_photo_is_stored_once(tmp_path):
    store = PhotoStore(tmp_path)
    first, again = store.add(photos.jpeg()), store.add(photos.jpeg())
    assert first == again and len(list((tmp_path / "media").iterdir())) == 1


def test_png_with_transparency_and_webp_become_jpeg(tmp_path):
    store = PhotoStore(tmp_path)
    for data in (photos.encoded("PNG"), photos.encoded("WEBP")):
        with Image.open(store.path(store.add(data))) as stored:
            assert stored.mode == "RGB"


@pytest.mark.parametrize("data, status", [
    (b"#!/bin/sh\necho pwned\n", 415),
    (b"<svg onload=alert(1)>", 415),
    (photos.jpeg()[:600], 400),  # a truncated JPEG
    (photos.bomb(), 413),
])
def test_hostile_photos_are_refused_with_a_clear_status(tmp_path, data, status):
    with pytest.raises(ContributionError) as caught:
        PhotoStore(tmp_path).add(data)
    assert caught.value.status == status
    assert not (tmp_path / "media").exists() or not list((tmp_path / "media").iterdir())


def test_a_contribution_with_a_photo_shows_it_on_the_wall(client):
    answer = send(client, photos.jpeg(gps=True), filename="../../etc/passwd")
    assert answer.status_code == 201
    url = answer.get_json()["photo"]
    assert url.startswith("/media/") and url.endswith(".jpg")
    image = client.get(url)
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert "max-age=31536000" in image.headers["Cache-Control"]
    assert dict(Image.open(io.BytesIO(image.data)).getexif()) == {}
    image.close()
    assert client.get("/api/wall/page").get_json()["items"][0]["photo"] == url


def test_hostile_uploads_get_json_errors_and_the_kiosk_stays_healthy(client):
    script = send(client, b"<?php system($_GET['c']); ?>", filename="photo.jpg", phone=1)
    assert script.status_code == 415 and script.get_json()["error"]
    assert send(client, photos.jpeg()[:500], phone=2).status_code == 400
    assert send(client, photos.bomb(), phone=3).status_code == 413
    # 40 MB as raw bytes: a file object here would make the test client spool it to its own temp file.
    body = b"--x\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n" + b"\0" * (40 << 20)
    huge = client.post("/api/contributions", data=body, content_type="multipart/form-data; boundary=x",
                       environ_base={"REMOTE_ADDR": phone_address(4)})
    assert huge.status_code == 413 and huge.get_json()["error"]
    assert client.get("/api/contributions").get_json()["items"] == []
    assert client.get("/api/health").get_json()["status"] == "ok"
    assert send(client, photos.jpeg(), phone=5).status_code == 201


def test_a_refused_text_costs_no_photo(client, tmp_path):
    assert send(client, photos.jpeg(), text="").status_code == 400
    assert not (tmp_path / "data" / "media").exists()


def test_media_names_are_checked(client):
    for name in ("../kiosk.json", "x.jpg", "a" * 64 + ".png", "kiosk.json"):
        assert client.get(f"/media/{name}").status_code == 404


def test_the_form_post_without_javascript_takes_a_photo(client):
    data = {"kind": "idea", "text": "Zonder script, met foto", "photo": (io.BytesIO(photos.jpeg()), "p.jpg")}
    answer = client.post("/contribute", data=data, content_type="multipart/form-data")
    assert answer.status_code == 303
    assert client.get("/api/contributions").get_json()["items"][0]["photo"].startswith("/media/")


def test_json_bodies_keep_their_small_limit(client):
    answer = client.post("/api/contributions", data="x" * 70_000, content_type="application/json")
    assert answer.status_code == 413
