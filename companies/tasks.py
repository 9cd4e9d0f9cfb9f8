from celery import shared_task

from core.periodic import PeriodicJob


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def make_photo_renditions(photo_id: int) -> bool:
    from .renditions import photo_renditions_make

    return photo_renditions_make(photo_id=photo_id)


@shared_task(base=PeriodicJob)
def make_missing_renditions() -> int:
    """Celery beat: queue the renditions of photos saved while the broker was down."""
    from .selectors import photos_without_renditions

    missing = photos_without_renditions()
    for photo_id in missing:
        make_photo_renditions.delay(photo_id)
    return len(missing)


@shared_task(base=PeriodicJob, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_posting_reminders() -> int:
    """Monthly (Celery beat): companies quiet for 30 days get one reminder a month."""
    from .reminders import posting_reminders_send

    return posting_reminders_send()
