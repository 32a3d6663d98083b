from enum import StrEnum


class MovementTypeName(StrEnum):
    ADJUST = "adjust"
    IN = "in"
    OUT = "out"
    TRANSFER = "transfer"

    def __str__(self) -> str:
        return str(self.value)
