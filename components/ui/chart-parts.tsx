import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * What every chart is made of: a figure holding an SVG with role="img" and
 * an aria-label summary, a legend, and the same numbers as a visually hidden
 * table, so screen reader users get the data and not only the summary.
 */

export type ChartSeries = { key: string; label: string; color: string; values: (number | null)[] };

export const CHART_COLORS = {
  primary: "#4f46e5",
  primarySoft: "#a5b4fc",
  success: "#15803d",
  destructive: "#dc2626",
  warning: "#d97706",
  muted: "#94a3b8",
} as const;

export function ChartFigure({
  label,
  series,
  categories,
  format,
  categoryHeader,
  children,
  className,
  showLegend = true,
}: {
  label: string;
  series: ChartSeries[];
  categories: string[];
  format: (value: number | null) => string;
  categoryHeader: string;
  children: ReactNode;
  className?: string;
  showLegend?: boolean;
}) {
  return (
    <figure className={cn("space-y-3", className)}>
      {children}
      {showLegend && series.length > 1 ? <ChartLegend series={series} /> : null}
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryHeader}</th>
            {series.map((entry) => (
              <th key={entry.key} scope="col">
                {entry.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((category, index) => (
            <tr key={`${category}-${index}`}>
              <th scope="row">{category}</th>
              {series.map((entry) => (
                <td key={entry.key}>{format(entry.values[index] ?? null)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function ChartLegend({ series }: { series: Pick<ChartSeries, "key" | "label" | "color">[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-hidden="true">
      {series.map((entry) => (
        <li key={entry.key} className="flex items-center gap-1.5">
          <span className="inline-block size-3 rounded-sm" style={{ backgroundColor: entry.color }} />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}

/** Horizontal grid lines with their values at the left, and the value axis's title turned on its side. */
export function ValueAxis({ ticks, y, left, right, plotTop, plotHeight, title }: {
  ticks: number[];
  y: (value: number) => number;
  /** x of the plot's left and right edges. */
  left: number;
  right: number;
  plotTop: number;
  plotHeight: number;
  title: string;
}) {
  return (
    <>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={left} x2={right} y1={y(tick)} y2={y(tick)} stroke="currentColor" strokeOpacity={0.15} />
          <text x={left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={11} fill="currentColor">
            {tick}
          </text>
        </g>
      ))}
      <text transform={`translate(12 ${plotTop + plotHeight / 2}) rotate(-90)`} textAnchor="middle" fontSize={11} fill="currentColor">
        {title}
      </text>
    </>
  );
}
