import { type ChartSeries, ChartFigure, ValueAxis } from "./chart-parts";
import { labelEvery, niceAxis, stackTotals } from "./chart-scale";

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 8, bottom: 36, left: 44 };

/** Vertical bars, one per category (e.g. a week), each a stack of the series (e.g. outcomes). */
export function StackedBarChart({
  label,
  categories,
  categoryLabels = categories,
  categoryHeader,
  series,
  valueAxisLabel,
  integer = false,
  format = (value) => String(value ?? 0),
}: {
  /** The accessible name: what the chart shows and its key figure. */
  label: string;
  categories: string[];
  categoryLabels?: string[];
  categoryHeader: string;
  series: ChartSeries[];
  valueAxisLabel: string;
  /** Whole-number ticks, for counts. */
  integer?: boolean;
  format?: (value: number | null) => string;
}) {
  const totals = stackTotals(series, categories.length);
  const axis = niceAxis(Math.max(0, ...totals), 4, integer);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / Math.max(1, categories.length);
  const barWidth = Math.max(2, band * 0.7);
  const y = (value: number) => MARGIN.top + plotHeight - (value / axis.max) * plotHeight;
  const showLabel = labelEvery(categories.length, 7);
  return (
    <ChartFigure label={label} series={series} categories={categoryLabels} categoryHeader={categoryHeader} format={format}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-[720px] text-muted-foreground">
        <ValueAxis ticks={axis.ticks} y={y} left={MARGIN.left} right={WIDTH - MARGIN.right} plotTop={MARGIN.top} plotHeight={plotHeight} title={valueAxisLabel} />
        {categories.map((category, index) => {
          let base = 0;
          const x = MARGIN.left + index * band + (band - barWidth) / 2;
          return (
            <g key={category}>
              {series.map((entry) => {
                const value = entry.values[index] ?? 0;
                if (value <= 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return (
                  <rect key={entry.key} x={x} y={top} width={barWidth} height={height} fill={entry.color}>
                    <title>{`${categoryLabels[index]}: ${entry.label} ${format(value)}`}</title>
                  </rect>
                );
              })}
              {showLabel(index) ? (
                <text x={x + barWidth / 2} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" fontSize={11} fill="currentColor">
                  {categoryLabels[index]}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke="currentColor" strokeOpacity={0.5} />
      </svg>
    </ChartFigure>
  );
}
