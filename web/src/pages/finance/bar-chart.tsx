import { useId } from 'react';

export interface Bar {
  /** Unique within the chart (an id, not a name: names repeat). */
  readonly id: string;
  readonly label: string;
  readonly value: number;
  /** The value as people read it ("42.5 %", "£1,200.00"). */
  readonly text: string;
}

const WIDTH = 640;
const LABEL = 220;
const VALUE = 110;
const ROW = 26;
const GAP = 6;

/**
 * A small horizontal bar chart in SVG: one accessible image with a summary, and the same figures
 * as a table for screen readers and anyone who wants the numbers (no chart library).
 */
export function BarChart({
  title,
  summary,
  bars,
  valueHeading,
}: {
  title: string;
  summary: string;
  bars: readonly Bar[];
  valueHeading: string;
}) {
  const id = useId();
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const plot = WIDTH - LABEL - VALUE;
  const height = bars.length * (ROW + GAP) + GAP;
  return (
    <figure className="bar-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="bar-chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${title}: ${summary}`} width="100%">
        {bars.map((bar, index) => {
          const y = GAP + index * (ROW + GAP);
          const length = max > 0 ? Math.max(bar.value > 0 ? 2 : 0, (Math.max(0, bar.value) / max) * plot) : 0;
          return (
            <g key={bar.id}>
              <text
                x={LABEL - 8}
                y={y + ROW / 2}
                textAnchor="end"
                dominantBaseline="central"
                className="bar-label"
              >
                {bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label}
              </text>
              <rect x={LABEL} y={y} width={length} height={ROW} rx={3} className="bar" />
              <text x={LABEL + length + 6} y={y + ROW / 2} dominantBaseline="central" className="bar-value">
                {bar.text}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="bar-chart-data">
        <summary>Show the figures as a table</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                {valueHeading}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.id}>
                <th scope="row">{bar.label}</th>
                <td className="num">{bar.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
