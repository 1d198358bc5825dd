import { type ChartSeries, ChartFigure } from "./chart-parts";
import { niceAxis, stackTotals, truncate } from "./chart-scale";

const WIDTH = 640;
const MARGIN = { top: 8, right: 16, bottom: 34, left: 220 };
/** Category labels longer than this are cut with "…" (the full text is in the title and the table): 34 overflowed the margin at 12 px. */
const LABEL_CHARS = 30;
const ROW = 30;

/**
 * Horizontal bars, one row per category (an item, a role, an environment):
 * the series side by side (grouped, e.g. median and p90) or end to end
 * (stacked, e.g. N/A and blocked). Long category names are shortened on the
 * chart and given in full in each bar's title and in the hidden table.
 */
export function BarChart({
  label,
  categories,
  categoryHeader,
  series,
  stacked = false,
  valueAxisLabel,
  integer = false,
  format = (value) => String(value ?? 0),
}: {
  label: string;
  categories: string[];
  categoryHeader: string;
  series: ChartSeries[];
  stacked?: boolean;
  valueAxisLabel: string;
  /** Whole-number ticks, for counts. */
  integer?: boolean;
  format?: (value: number | null) => string;
}) {
  const maxValue = stacked
    ? Math.max(0, ...stackTotals(series, categories.length))
    : Math.max(0, ...series.flatMap((entry) => entry.values.map((value) => value ?? 0)));
  const axis = niceAxis(maxValue, 4, integer);
  const height = MARGIN.top + categories.length * ROW + MARGIN.bottom;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const x = (value: number) => MARGIN.left + (value / axis.max) * plotWidth;
  const barHeight = ROW * 0.7;
  const slot = stacked ? barHeight : barHeight / Math.max(1, series.length);
  return (
    <ChartFigure label={label} series={series} categories={categories} categoryHeader={categoryHeader} format={format}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${height}`} className="h-auto w-full max-w-[720px] text-muted-foreground">
        {axis.ticks.map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={MARGIN.top} y2={height - MARGIN.bottom} stroke="currentColor" strokeOpacity={0.15} />
            <text x={x(tick)} y={height - MARGIN.bottom + 14} textAnchor="middle" fontSize={11} fill="currentColor">
              {tick}
            </text>
          </g>
        ))}
        <text x={MARGIN.left + plotWidth / 2} y={height - 4} textAnchor="middle" fontSize={11} fill="currentColor">
          {valueAxisLabel}
        </text>
        {categories.map((category, index) => {
          const top = MARGIN.top + index * ROW + (ROW - barHeight) / 2;
          let base = 0;
          return (
            <g key={`${category}-${index}`}>
              <text x={MARGIN.left - 8} y={top + barHeight / 2} dy="0.32em" textAnchor="end" fontSize={12} fill="#0f172a">
                {truncate(category, LABEL_CHARS)}
              </text>
              {series.map((entry, position) => {
                const value = entry.values[index] ?? 0;
                if (value <= 0) return null;
                const start = stacked ? base : 0;
                if (stacked) base += value;
                return (
                  <rect
                    key={entry.key}
                    x={x(start)}
                    y={stacked ? top : top + position * slot}
                    width={Math.max(1, x(start + value) - x(start))}
                    height={slot - (stacked ? 0 : 1)}
                    fill={entry.color}
                  >
                    <title>{`${category}: ${entry.label} ${format(value)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={height - MARGIN.bottom} stroke="currentColor" strokeOpacity={0.5} />
      </svg>
    </ChartFigure>
  );
}
