"""The export engine: a small export is answered in the request; a large one becomes a background job whose
progress and file only its owner sees; expired files are removed."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from exports import services
from exports.models import ExportJob
from liaoyuan.core import exports as engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(alliances, city, settings, tmp_path):
    from alliances.models import JointMeeting

    settings.MEDIA_ROOT = tmp_path

    start = timezone.now() - datetime.timedelta(days=30)
    for i in range(5):
        JointMeeting.objects.create(
            alliance=alliances.c1, title=f"会议{i}", starts_at=start + datetime.timedelta(days=i), place="社区"
        )
    return alliances


def test_every_alliance_list_is_registered_with_the_engine():
    assert {"meetings", "attendance", "problems", "activities"} <= set(engine.registered())


def test_a_small_export_is_answered_directly(client, meetings, settings):
    settings.EXPORT_ASYNC_ROWS = 100
    client.force_login(meetings.c1_secretary)
    response = client.get("/alliances/exports/meetings.xlsx")
    assert response.status_code == 200
    assert ExportJob.objects.count() == 0
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 6  # header and five meetings


def test_a_large_export_runs_in_the_background_for_its_owner_only(
    client, meetings, settings, eager, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_ROWS = 2
    client.force_login(meetings.c1_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/alliances/exports/meetings.xlsx", {"status": "scheduled"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/exports/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.total, job.written, job.params) == ("done", 5, 5, {"status": ["scheduled"]})

    page = client.get(f"/exports/{job.pk}/progress/").content.decode()
    assert "100%" in page and f"/exports/{job.pk}/file/" in page and "hx-trigger" not in page
    download = client.get(f"/exports/{job.pk}/file/")
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.max_row == 6

    client.force_login(meetings.c2_secretary)  # someone else: no such export
    assert client.get(f"/exports/{job.pk}/").status_code == 404
    assert client.get(f"/exports/{job.pk}/file/").status_code == 404


def test_running_a_finished_job_again_changes_nothing(meetings):
    from django.http import QueryDict

    from alliances.services.exports import DATASETS

    job = services.export_start(user=meetings.c1_secretary, dataset=DATASETS["meetings"], fmt="csv", params=QueryDict())
    assert services.export_run(job_id=job.pk) is True
    job.refresh_from_db()
    name = job.file.name
    assert services.export_run(job_id=job.pk) is False
    job.refresh_from_db()
    assert job.file.name == name
    assert job.file.read().decode("utf-8-sig").count("\n") == 6


def test_a_queued_job_shows_a_polling_progress_bar(client, meetings):
    from django.http import QueryDict

    from alliances.services.exports import DATASETS

    job = services.export_start(user=meetings.c1_secretary, dataset=DATASETS["meetings"], fmt="csv", params=QueryDict())
    client.force_login(meetings.c1_secretary)
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert f'hx-get="/exports/{job.pk}/progress/"' in page and 'hx-trigger="every 1s"' in page
    assert client.get(f"/exports/{job.pk}/file/").status_code == 404  # not ready yet


def test_expired_exports_are_removed_with_their_files(meetings, settings):
    from django.http import QueryDict

    from alliances.services.exports import DATASETS

    job = services.export_start(user=meetings.c1_secretary, dataset=DATASETS["meetings"], fmt="csv", params=QueryDict())
    services.export_run(job_id=job.pk)
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert services.export_cleanup(now=timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS + 1)
    assert services.export_cleanup(now=later) == 1
    assert not ExportJob.objects.exists()
    assert not storage.exists(name)
