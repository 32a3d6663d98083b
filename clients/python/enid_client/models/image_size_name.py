from enum import StrEnum


class ImageSizeName(StrEnum):
    MEDIUM = "medium"
    ORIGINAL = "original"
    THUMB = "thumb"

    def __str__(self) -> str:
        return str(self.value)
