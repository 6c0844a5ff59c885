"""What every import shares (the register, the action tracker, indicator values,
360Giving grants): each problem found says where it is, and an import with any
problem raises ImportFailed with all of them and saves nothing."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an uploaded file. `row` is the row's number (0 for the
    file as a whole) or, where a file has no rows, the place in it ("grant 3")."""

    file: str
    row: int | str
    column: str
    message: str

    def __str__(self):
        row = f"row {self.row}" if isinstance(self.row, int) and self.row else self.row
        column = f"column {self.column}" if self.column else ""
        place = ", ".join(part for part in (self.file, row, column) if part)
        return f"{place}: {self.message}"


class ImportFailed(Exception):
    """An import refused whole: `problems` lists every problem found."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) found; nothing was saved.")
        self.problems = problems
