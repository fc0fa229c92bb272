"""Personal numbers as a 政务 system shows them to whoever does not need them whole."""

import re

from stdnum.cn import ric, uscc

PASSPORT_PATTERN = re.compile(r"^[A-Z0-9]{5,20}$")


def mask(value: str, head: int, tail: int) -> str:
    """Most of it hidden: `head` and `tail` characters shown when at least half stays hidden,
    else all of it hidden."""
    if len(value) < 2 * (head + tail):
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


def shown_actor(actor: str | None) -> str | None:
    """Who acted, for an audit trail: staff are named; an applicant or complainant who acted
    themselves (their token's subject is their ID number or credit code) is shown masked."""
    if actor and (ric.is_valid(actor) or uscc.is_valid(actor)
                  or PASSPORT_PATTERN.match(actor)):
        return mask(actor, 1, 1)
    return actor
