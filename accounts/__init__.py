"""Users, roles and invitations: who may sign in and as what."""
