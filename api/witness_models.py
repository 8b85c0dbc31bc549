"""Response models of the witness routes: the equivocations (forks) this office caught."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# Real notes: a log key and a witness key from fixed seeds, two trees of size 6.
_ACCEPTED = (
    "office-b.example/log\n6\nkpdBcZqt5+vJIcrOqnewYHJ3RHlWCPEIXcZCmiiTwRA=\n\n"
    "— office-b.example/log VCNhYY4tr/4QbiUuoeC8ZPkAUr8AXVHP+HG+O+IQcfkdf+WO4dol480fDv/6s95x"
    "LnYFsXHhkkZtV5lYR1mUXdS25Ac=\n"
    "— office-a.example/log/witness edQ58AAAAABrDMkAuf2ACgsQwpFytSgegYWFVJXZn5POHWKgoDpSugFF"
    "jQ2tu58Geu7m8AVKH87O67h7SZ5Bh62dPckIxFz58VlADg==\n"
)
_CONFLICTING = (
    "office-b.example/log\n6\nWduz2lAFAceqyVTs+RyEYrQO8S8AuW17zglHysPjFRI=\n\n"
    "— office-b.example/log VCNhYYHuE/+CPdEkeLq2VUkQ3BgyDBcjE7y4uNkMo5Xa75uXM7H7KZa02zFX+Tke"
    "Ga1GoS/wMe5lVNLjLFz/9/bROw4=\n"
)


class EquivocationPublic(BaseModel):
    """Two signed checkpoints of one log that cannot both be true (a fork), as caught."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "origin": "office-b.example/log",
                    "size": 6,
                    "kind": "same-size",
                    "accepted_note": _ACCEPTED,
                    "conflicting_note": _CONFLICTING,
                    "proof": "",
                    "detected_at": 1796000000000,
                }
            ]
        },
    )

    origin: str
    size: int = Field(ge=0, description="Tree size of the contradicting checkpoint.")
    kind: str = Field(
        description="`same-size`: two roots for one size; `inconsistent`: the proof from the "
        "accepted tree does not lead to the new one (a fork, or a wrong proof)."
    )
    accepted_note: str = Field(description="The signed note this witness had accepted.")
    conflicting_note: str = Field(description="The signed note that contradicts it.")
    proof: str = Field(description="The consistency proof lines given with it (base64).")
    detected_at: int = Field(ge=0, description="When caught, ms since the Unix epoch (UTC).")


class EquivocationList(BaseModel):
    """Every equivocation this witness caught, oldest first; the list never shrinks."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {"equivocations": EquivocationPublic.model_config["json_schema_extra"]["examples"]}  # type: ignore[index]
            ]
        },
    )

    equivocations: list[EquivocationPublic]
