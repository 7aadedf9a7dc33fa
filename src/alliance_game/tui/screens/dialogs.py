"""Small modal dialogs: confirm, save as, load, help, history."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option


class Confirm(ModalScreen[bool]):
    """A yes/no question; dismisses with the answer."""

    BINDINGS = [Binding("escape", "dismiss(False)", "No"), Binding("y", "dismiss(True)", "Yes")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="error", id="yes")
                yield Button(self.no, variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class SaveAs(ModalScreen[str | None]):
    """Ask for a save name; dismisses with the name typed, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save the game as:", classes="question")
            yield Input(self.suggestion, id="name", max_length=80)
            yield Label(
                "Letters, digits, - and _ are kept; Enter saves, Esc cancels.", classes="hint"
            )

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class LoadGame(ModalScreen[Path | None]):
    """Pick a save from the saves folder; dismisses with its path, or None. Files that are
    not readable saves are listed, greyed out, with the reason."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, where: Path) -> None:
        from ... import savefile

        super().__init__()
        self.found, self.broken = savefile.listing(where)
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(f"Load a game from {self.where}/", classes="question")
            if not self.found and not self.broken:
                yield Label("No saved games yet. Esc goes back.", classes="hint")
                return
            yield OptionList(
                *(
                    Option(
                        f"{s.name}  ·  {s.scenario}, turn {s.turn}{' (ended)' if s.over else ''}"
                        f"  ·  {s.sides}  ·  {s.when}",
                        id=str(i),
                    )
                    for i, s in enumerate(self.found)
                ),
                *(Option(f"cannot read {line}", disabled=True) for line in self.broken),
                id="saves",
            )
            yield Label("Enter loads, Esc cancels.", classes="hint")

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[event.option_index].path)


class TextPage(ModalScreen[None]):
    """A scrollable page of text (help, history, why); any of Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("q", "dismiss(None)", "Close", show=False),
        Binding("question_mark", "dismiss(None)", "Close", show=False),
    ]

    def __init__(self, title: str, body: str | Content | RenderableType) -> None:
        super().__init__()
        self.heading, self.body = title, body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog page"):
            yield Label(self.heading, classes="question")
            with VerticalScroll():
                yield Static(self.body)
            yield Label("Esc closes.", classes="hint")


Rows = list[tuple[str, str]]
"""A section of a page: (key or bullet, text) rows; a row whose key is empty is prose."""


def hanging(sections: list[tuple[str, Rows]], indent: int = 2, gap: int = 2) -> Group:
    """Headed sections whose rows, `indent` columns in, wrap under their own text, `gap`
    columns clear of the key or bullet in front of them, at any width."""
    parts: list[RenderableType] = []
    for heading, rows in sections:
        if parts:
            parts.append(Text())
        if heading:
            parts.append(Text(heading, style="bold"))
        keyed = any(key for key, _ in rows)
        grid = Table.grid(padding=(0, 0, 0, gap if keyed else 0))
        if keyed:
            grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for key, text in rows:  # Text, not markup: scenario texts may hold brackets
            grid.add_row(*((Text(key), Text(text)) if keyed else (Text(text),)))
        parts.append(Padding(grid, (0, 0, 0, indent)))
    return Group(*parts)


def bulleted(sections: list[tuple[str, list[str]]], indent: int = 2) -> Group:
    """Headed sections of bulleted lines, each wrapping clear of its bullet."""
    rows = [(heading, [("•", line) for line in lines]) for heading, lines in sections]
    return hanging(rows, indent, gap=1)


def logbook(rows: list[tuple[str, str]]) -> Group:
    """A transcript's (label, text) rows (`transcript.story`): headings in bold, each entry
    wrapping clear of its label."""
    parts: list[RenderableType] = []
    grid: Table | None = None
    for label, text in rows:
        if not label:
            grid = None
            parts.append(Text(text, style="bold" if text.startswith("==") else ""))
            continue
        if grid is None:
            grid = Table.grid(padding=(0, 0, 0, 1))
            grid.add_column(no_wrap=True, min_width=9)
            grid.add_column(ratio=1)
            parts.append(Padding(grid, (0, 0, 0, 2)))
        grid.add_row(Text(label), Text(text))
    return Group(*parts)


HELP = hanging(
    [
        (
            "",
            [
                (
                    "",
                    "Each season both capitals decide at the same time; neither sees the other's "
                    "choice first.",
                )
            ],
        ),
        (
            "Keys",
            [
                ("1-4", "choose an option (or arrows and Enter, or the mouse)"),
                ("Enter", "continue"),
                ("p", "make a pledge the other side sees before it chooses"),
                ("l", "use one of your levers beside your choice"),
                (
                    "w",
                    "why the meters move: the forces at work, what is within reach, "
                    "the stories under way",
                ),
                ("h", "history of past turns"),
                ("m", "show or hide the meters (on a small terminal)"),
                ("?", "this help"),
                ("ctrl+s", "save the game"),
                ("ctrl+p", "command palette"),
                ("ctrl+q", "quit (asks first when a game is in progress)"),
                ("f", "the facilitator's actions, in a classroom game (alliance-game host)"),
                (
                    "",
                    "The game also saves itself after every turn, in an autosave of its own "
                    "(autosave-...); Continue on the title screen takes up the latest game.",
                ),
            ],
        ),
        (
            "The turn",
            [
                (
                    "News",
                    "events, standing pressures and lasting effects of earlier choices "
                    "move the meters.",
                ),
                (
                    "Pledges",
                    'each side may promise something in the open ("no undercutting '
                    'this season"). Keeping it earns a little trust; breaking it costs '
                    "more and is remembered.",
                ),
                (
                    "Decision",
                    "each option hints at its consequences (the scenario decides how "
                    "much you see). A lever (Moscow's UN veto, Tehran's allied "
                    "network...) may go with it: a use or two a game, so when to spend "
                    "one is the question.",
                ),
                (
                    "Resolution",
                    "both choices and levers apply, then any joint outcome of the "
                    "pair (two price cuts make a price war; two gestures of good "
                    "will meet halfway), then each pledge is judged kept or broken.",
                ),
            ],
        ),
        (
            "The outlook",
            [
                (
                    "",
                    "The alliance index (0-100) comes from the partnership's meters. The "
                    "partnership heads for the end state whose point on that scale is nearest: "
                    "increased competition and distrust, pragmatic cooperation, or a renewed, "
                    "stronger alliance. Trust collapsing, or a breakthrough, can end the game "
                    "early.",
                )
            ],
        ),
        (
            "The score",
            [
                (
                    "",
                    "Each capital plays for its own final score: how far its interests move "
                    "from where they stood at the start, plus what the ending is worth to it "
                    "(the two capitals value the endings differently), plus a secret agenda "
                    'dealt at the start, which only it sees until the end. "Your stakes" '
                    "beside the turn shows where your score stands.",
                )
            ],
        ),
    ]
)


class Ask(ModalScreen[str | None]):
    """One line of text: a reason, or a team's rationale. Enter sends, Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, hint: str, placeholder: str = "") -> None:
        super().__init__()
        self.question, self.hint, self.placeholder = question, hint, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            yield Input(placeholder=self.placeholder, max_length=300, id="answer")
            yield Label(self.hint, classes="hint")

    @on(Input.Submitted)
    def send(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())


class Pick(ModalScreen[str | None]):
    """Choose one item from a list; dismisses with its id."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, items: list[Option]) -> None:
        super().__init__()
        self.heading, self.items = title, items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.heading, classes="question")
            yield OptionList(*self.items, id="items")
            yield Label("Enter picks, Esc cancels.", classes="hint")

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
