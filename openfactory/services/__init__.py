"""The open factory's workflows that change data, one module per concern:

- ``locking``: the slot's row lock (a process lock on SQLite) and the seat count under it;
- ``reservations``: reserve, the confirm step's checks, cancel, the waitlist, retention;
- ``lottery``: the draw;
- ``mails``: the reservation mails, sent once each by a task enqueued on commit;
- ``reception``: check-in, no-shows, walk-ins;
- ``passes``: visitor passes (来場パス) and the visits recorded against them;
- ``stamps``: the stamp rally's poster codes, quizzes and stamps;
- ``prize_draw``: the stamp rally's prize draw, once per edition;
- ``programmes``: programmes and their time slots (company pages and the admin alike);
- ``announcements``: the secretariat's mails to everyone holding a reservation.

Reads are in ``openfactory.selectors``, refusals in ``openfactory.errors``; each Celery task
sits beside the service it runs (``openfactory.tasks`` gathers them for Celery). Imports run
one way: announcements ← mails ← reservations ← programmes, lottery; locking under all.
"""

from ..errors import (
    AnnouncementError,
    OpenFactoryError,
    PassError,
    PrizeDrawError,
    ProgrammeError,
    ReservationError,
    SlotFullError,
    StampError,
)
from .announcements import announcement_create, announcement_send, announcement_target_label
from .lottery import lottery_draw
from .mails import reservation_mail_send
from .passes import is_pass_address, pass_create, residence_band, visit_record
from .prize_draw import (
    PrizeDrawTerms,
    prize_draw,
    prize_draw_check,
    prize_draw_entrants,
    prize_draw_terms,
)
from .programmes import (
    programme_create,
    programme_delete,
    programme_photo_set,
    programme_update,
    slot_create,
    slot_delete,
    slot_update,
)
from .reception import (
    normalize_code,
    reservation_check_in,
    reservation_check_in_undo,
    slot_mark_no_shows,
    walk_in_add,
)
from .reservations import (
    ReservationPreview,
    party_check,
    reservation_cancel,
    reservation_create,
    reservation_details_update,
    reservation_precheck,
    reservation_preview,
    reservation_seats_check,
    reservations_anonymise,
    slot_check_open,
    waitlist_promote,
)
from .stamps import poster_check, poster_code, quiz_set, stamp_answer

__all__ = [
    "AnnouncementError",
    "OpenFactoryError",
    "PassError",
    "PrizeDrawError",
    "PrizeDrawTerms",
    "ProgrammeError",
    "ReservationError",
    "ReservationPreview",
    "SlotFullError",
    "StampError",
    "announcement_create",
    "announcement_send",
    "announcement_target_label",
    "is_pass_address",
    "lottery_draw",
    "normalize_code",
    "party_check",
    "pass_create",
    "poster_check",
    "poster_code",
    "prize_draw",
    "prize_draw_check",
    "prize_draw_entrants",
    "prize_draw_terms",
    "programme_create",
    "programme_delete",
    "programme_photo_set",
    "programme_update",
    "quiz_set",
    "reservation_cancel",
    "reservation_check_in",
    "reservation_check_in_undo",
    "reservation_create",
    "reservation_details_update",
    "reservation_mail_send",
    "reservation_precheck",
    "reservation_preview",
    "reservation_seats_check",
    "reservations_anonymise",
    "residence_band",
    "slot_check_open",
    "slot_create",
    "slot_delete",
    "slot_mark_no_shows",
    "slot_update",
    "stamp_answer",
    "visit_record",
    "waitlist_promote",
    "walk_in_add",
]
