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
    # The therapy's name sits on its own line above its bar, so a long name
    # never runs into the bar, the grid or the axis, whatever the font.
    name_y: int


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
class AxisLabel:
    text: str
    x: float
    y: int
    anchor: str


@dataclass(frozen=True)
class Chart:
    width: int
    axis_start: float
    axis_end: float
    ticks: list[tuple[float, int]]
    bars: list[SessionBar]
    bar_height: int
    bars_height: int
    focus_labels: list[AxisLabel]
    focus_axis_y: int
    dots: list[FocusDot]
    focus_height: int
    description: str

    @property
    def has_brief(self) -> bool:
        return any(bar.x_brief is not None for bar in self.bars)


# Drawn about as wide as a phone's text column, so the SVG is barely scaled
# there and its 14 px text stays at least 12 px on a 320 px screen.
CHART_WIDTH = 320
# Room at each end for half a centred tick label ("0", "100").
AXIS_START = 16.0
AXIS_END = 300.0
# A row of the sessions chart: the name (14 px) on one line, the bar below it,
# then a wider gap, so each name reads with its own bar.
ROW_HEIGHT = 50
NAME_BASELINE = 18
BAR_TOP = 24
BAR_HEIGHT = 22
# The focus axis's end labels are 13 px. On one line each, "The here and now"
# and "Patterns from early life" need about 266 px in DejaVu Sans (a wide font,
# the one Linux falls back to) and the axis is 284 px: the right one is set on
# two lines, leaving about 80 px between them.
FOCUS_LABELS = [
    AxisLabel("The here and now", AXIS_START, 14, "start"),
    AxisLabel("Patterns from", AXIS_END, 14, "end"),
    AxisLabel("early life", AXIS_END, 30, "end"),
]
FOCUS_AXIS_Y = 40
FOCUS_FIRST_ROW = 62
FOCUS_ROW_HEIGHT = 24


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
                y=BAR_TOP + i * ROW_HEIGHT,
                x_start=x(start),
                width=round(x(end) - x(start), 1),
                x_brief=x(t.brief_sessions) if t.brief_sessions else None,
                label=t.sessions_text,
                name_y=NAME_BASELINE + i * ROW_HEIGHT,
            )
        )
    # Four steps of at least 71 px: tick labels of up to three digits never meet.
    step = axis_max // 4
    ticks = [(x(n), n) for n in range(0, axis_max + 1, step)]
    dots = [
        FocusDot(
            abbreviation=t.abbreviation,
            row=i,
            x=round(AXIS_START + Focus(t.focus).position * (AXIS_END - AXIS_START), 1),
            y=FOCUS_FIRST_ROW + i * FOCUS_ROW_HEIGHT,
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
        bar_height=BAR_HEIGHT,
        # Under the last bar: the grid runs on 10 px, then the tick labels.
        bars_height=BAR_TOP + (len(therapies) - 1) * ROW_HEIGHT + BAR_HEIGHT + 34,
        focus_labels=FOCUS_LABELS,
        focus_axis_y=FOCUS_AXIS_Y,
        dots=dots,
        focus_height=FOCUS_FIRST_ROW + (len(therapies) - 1) * FOCUS_ROW_HEIGHT + 14,
        description=description,
    )
