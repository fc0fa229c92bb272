from dataclasses import dataclass


@dataclass(frozen=True)
class RegisterApplicant:
    name: str
    id_number: str
    mobile: str
    password: str
    challenge: str | None
    solution: str | None
    client: str  # the caller's address (kit.lookups.Quota)
