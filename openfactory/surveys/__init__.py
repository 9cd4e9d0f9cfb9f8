"""After-visit surveys of the open factory: built by city staff in the admin, answered by
visitors from a mailed personal link or a QR poster at the venue."""
