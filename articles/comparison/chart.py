"""The comparison chart: geometry for an inline SVG of session ranges and focus.

Pure: plain numbers in, plain numbers out; the template draws them.
"""

from dataclasses import dataclass

from articles.comparison.sentences import TherapyFacts
from therapies.models import Focus


@dataclass(frozen=True)
class SessionBar:
    abbreviation: str
    row: int
    y: int
    x_start: float
    width: float
    x_brief: float | None
    label: str


@dataclass(frozen=True)
class FocusDot:
    abbreviation: str
    row: int
    x: float
    y: int
    # Labels sit on the side of the dot that has room.
    label_dx: int
    label_anchor: str


@dataclass(frozen=True)
class Chart:
    width: int
    axis_start: float
    axis_end: float
    ticks: list[tuple[float, int]]
    bars: list[SessionBar]
    bars_height: int
    dots: list[FocusDot]
    focus_height: int
    description: str

    @property
    def has_brief(self) -> bool:
        return any(bar.x_brief is not None for bar in self.bars)


# Drawn about as wide as a phone's text column, so the SVG is barely scaled
# there and its 14 px text stays at least 12 px on a 320 px screen.
CHART_WIDTH = 320
AXIS_START = 44.0
AXIS_END = 304.0
ROW_HEIGHT = 34


def chart(therapies: list[TherapyFacts]) -> Chart:
    """Geometry for an SVG: session ranges on one shared axis, and where each
    therapy sits between recent events and childhood patterns."""
    top = max(max(t.sessions_max for t in therapies), 4)
    axis_max = ((top + 3) // 4) * 4  # round up to a multiple of 4 for tidy ticks
    scale = (AXIS_END - AXIS_START) / axis_max

    def x(sessions: float) -> float:
        return round(AXIS_START + sessions * scale, 1)

    bars = []
    for i, t in enumerate(therapies):
        # A fixed number of sessions still gets a visible bar, one session wide.
        start = t.sessions_min - 0.5 if t.sessions_min == t.sessions_max else t.sessions_min
        end = t.sessions_max + 0.5 if t.sessions_min == t.sessions_max else t.sessions_max
        bars.append(
            SessionBar(
                abbreviation=t.abbreviation,
                row=i,
                y=10 + i * ROW_HEIGHT,
                x_start=x(start),
                width=round(x(end) - x(start), 1),
                x_brief=x(t.brief_sessions) if t.brief_sessions else None,
                label=t.sessions_text,
            )
        )
    step = axis_max // 4
    ticks = [(x(n), n) for n in range(0, axis_max + 1, step)]
    dots = [
        FocusDot(
            abbreviation=t.abbreviation,
            row=i,
            x=round(AXIS_START + Focus(t.focus).position * (AXIS_END - AXIS_START), 1),
            y=34 + i * 22,
            label_dx=-14 if Focus(t.focus).position > 0.5 else 14,
            label_anchor="end" if Focus(t.focus).position > 0.5 else "start",
        )
        for i, t in enumerate(therapies)
    ]
    description = " ".join(
        f"{t.abbreviation}: usually {t.sessions_text}"
        + (f", brief format {t.brief_sessions} sessions" if t.brief_sessions else "")
        + f"; looks mainly at {Focus(t.focus).short_label}."
        for t in therapies
    )
    return Chart(
        width=CHART_WIDTH,
        axis_start=AXIS_START,
        axis_end=AXIS_END,
        ticks=ticks,
        bars=bars,
        bars_height=10 + len(therapies) * ROW_HEIGHT + 30,
        dots=dots,
        focus_height=34 + len(therapies) * 22,
        description=description,
    )
