"""Writes of the wishes app: the service menu (``menu``), the life of a wish (``wishes``), the residents' SMS
(``messages``), overdue escalation (``escalation``) and Open311 keys (``keys``)."""
