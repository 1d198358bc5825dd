import { type ChartSeries, ChartFigure, ValueAxis } from "./chart-parts";
import { labelEvery, niceAxis } from "./chart-scale";

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 28, bottom: 36, left: 44 };

/** Path segments through the points that have a value: a missing value breaks the line. */
export function linePaths(values: (number | null)[], x: (index: number) => number, y: (value: number) => number): string[] {
  const paths: string[] = [];
  let current = "";
  values.forEach((value, index) => {
    if (value === null) {
      if (current) paths.push(current);
      current = "";
      return;
    }
    current += `${current ? "L" : "M"}${x(index).toFixed(1)} ${y(value).toFixed(1)}`;
  });
  if (current) paths.push(current);
  return paths;
}

/** One line per series across the categories (e.g. weeks); points with no value are left out. */
export function LineChart({
  label,
  categories,
  categoryLabels = categories,
  categoryHeader,
  series,
  valueAxisLabel,
  integer = false,
  format = (value) => (value === null ? "no data" : String(value)),
}: {
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
  const all = series.flatMap((entry) => entry.values.filter((value): value is number => value !== null));
  const axis = niceAxis(Math.max(0, ...all), 4, integer);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (index: number) => MARGIN.left + (categories.length <= 1 ? plotWidth / 2 : (index / (categories.length - 1)) * plotWidth);
  const y = (value: number) => MARGIN.top + plotHeight - (value / axis.max) * plotHeight;
  const showLabel = labelEvery(categories.length, 7);
  return (
    <ChartFigure label={label} series={series} categories={categoryLabels} categoryHeader={categoryHeader} format={format}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-[720px] text-muted-foreground">
        <ValueAxis ticks={axis.ticks} y={y} left={MARGIN.left} right={WIDTH - MARGIN.right} plotTop={MARGIN.top} plotHeight={plotHeight} title={valueAxisLabel} />
        {categories.map((category, index) =>
          showLabel(index) ? (
            <text key={category} x={x(index)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" fontSize={11} fill="currentColor">
              {categoryLabels[index]}
            </text>
          ) : null,
        )}
        {series.map((entry) => (
          <g key={entry.key}>
            {linePaths(entry.values, x, y).map((path) => (
              <path key={path} d={path} fill="none" stroke={entry.color} strokeWidth={2} strokeLinejoin="round" />
            ))}
            {entry.values.map((value, index) =>
              value === null ? null : (
                <circle key={index} cx={x(index)} cy={y(value)} r={3.5} fill={entry.color}>
                  <title>{`${categoryLabels[index]}: ${entry.label} ${format(value)}`}</title>
                </circle>
              ),
            )}
          </g>
        ))}
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke="currentColor" strokeOpacity={0.5} />
      </svg>
    </ChartFigure>
  );
}
