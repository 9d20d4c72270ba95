import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from qicommons.projects.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def upload(client, project, name, content, kind="process_map"):
    return client.post(
        project.url("attachment_add"),
        {"kind": kind, "title": "Admission process map", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("map.pdf", PDF, "application/pdf"),
        ("fishbone.PNG", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        ("sheet.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("tally.csv", "date,temperature\n2025-01-06,36.1 °C\n".encode(), "text/csv"),
        ("excel.csv", "ward,notes\nMaternité,vérifié\r\n".encode("cp1252"), "text/csv"),
        ("notes.txt", b"Fishbone causes: staff, supplies, heat\n", "text/plain"),
    ],
)
def test_it_accepts_the_allowed_types(client, world, project, media, name, content, content_type):
    client.force_login(world.users["member"])
    response = upload(client, project, name, content)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.filename) == (content_type, name)
    assert name not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize(
    "name",
    ["report\u202eexe.pdf", "\u2067report\u2069.pdf", "re\u200fport\u061c.pdf", "report\x07.pdf"],
)
def test_the_name_shown_keeps_no_control_that_reorders_or_hides_letters(
    client, world, project, media, name
):
    client.force_login(world.users["member"])
    assert upload(client, project, name, PDF).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.filename == "report.pdf" or attachment.filename == "reportexe.pdf"
    response = client.get(attachment.get_absolute_url())
    assert "\u202e" not in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.pdf"')


def test_it_rejects_a_program_renamed_to_look_like_a_pdf(client, world, project, media):
    client.force_login(world.users["member"])
    response = upload(client, project, "map.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64)
    assert "not accepted" in str(response.context["form"].errors["file"])
    assert not Attachment.objects.exists()


def test_it_rejects_content_that_does_not_match_the_name(client, world, project, media):
    client.force_login(world.users["member"])
    upload(client, project, "map.pdf", PNG)
    upload(client, project, "notes.html", b"<script>alert(1)</script>")
    upload(client, project, "data.csv", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 32)
    assert not Attachment.objects.exists()


def test_it_rejects_a_zip_that_is_not_an_office_document(client, world, project, media):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    client.force_login(world.users["member"])
    upload(client, project, "sheet.xlsx", buffer.getvalue())
    assert not Attachment.objects.exists()


def test_it_rejects_a_file_over_5_mb(client, world, project, media):
    client.force_login(world.users["member"])
    response = upload(client, project, "big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    assert "larger than 5 MB" in str(response.context["form"].errors["file"])
    assert not Attachment.objects.exists()


def test_members_download_it_and_outsiders_get_404(client, world, project, media):
    client.force_login(world.users["member"])
    upload(client, project, "map.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(world.users["viewer"])
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(world.users["outsider"])
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_an_attachment_has_no_public_url(client, world, project, media):
    client.force_login(world.users["member"])
    upload(client, project, "map.pdf", PDF)
    with pytest.raises(NotImplementedError):
        Attachment.objects.get().file.url  # noqa: B018


def test_deleting_an_attachment_removes_the_file(
    client, world, project, media, django_capture_on_commit_callbacks
):
    client.force_login(world.users["member"])
    upload(client, project, "map.pdf", PDF)
    attachment = Attachment.objects.get()
    path = media / attachment.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(project.url("attachment_delete", attachment=attachment.pk))
    assert not Attachment.objects.exists()
    assert not path.exists()


def test_attachments_live_wherever_the_file_storage_says(
    client, world, project, media, settings, django_capture_on_commit_callbacks
):
    # Several app servers share one object store; any backend of Django's storage API
    # must do, so nothing may reach the file by a path on this server's disk.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    client.force_login(world.users["member"])
    upload(client, project, "map.pdf", PDF)
    attachment = Attachment.objects.get()
    assert default_storage.exists(attachment.file.name)
    assert not any(media.iterdir())

    response = client.get(attachment.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF

    with django_capture_on_commit_callbacks(execute=True):
        client.post(project.url("attachment_delete", attachment=attachment.pk))
    assert not default_storage.exists(attachment.file.name)


def test_a_file_missing_from_the_storage_is_404(client, world, project, media):
    client.force_login(world.users["member"])
    upload(client, project, "map.pdf", PDF)
    attachment = Attachment.objects.get()
    default_storage.delete(attachment.file.name)
    assert client.get(attachment.get_absolute_url()).status_code == 404
