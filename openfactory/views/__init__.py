"""The open factory's pages, one module per audience: ``public`` (editions, days,
programmes), ``reservation`` (reserve, see, cancel), ``reception`` (受付), ``manage`` (the
company staff's programmes and times), ``statistics`` and ``announcements`` (city staff).

Views stay thin: reads through ``selectors``, writes through ``services``, whose refusals are
shown beside their fields with ``core.errors.add_service_error``.
"""
