"""Accounts keep nothing of their own: the realm holds them. Only each registration
challenge's nonce is claimed here, once (kit.challenges)."""

CHALLENGES_USED = "challenges_used"
