"""Company profiles, their staff and (with its issue) the Smart Navi blog."""
