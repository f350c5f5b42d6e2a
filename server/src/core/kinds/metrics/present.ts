// A metric's hover (value, target, period, how it was derived) and code lens ("3.2 h · target 4 h · on target").
import type { Entry } from "../../model";
import { str } from "../../rules/api";
import { display, formatDay, formatDuration, parseDuration, relativeDay } from "../../values";
import type { PresentContext } from "../api";
import {
  DERIVED,
  derivedOf,
  formatValue,
  metricLine,
  metricStatus,
  nextMeasurement,
  periodPhrase,
} from "./domain";

export function metricHover(metric: Entry, { index, today }: PresentContext): string[] {
  const v = metric.value;
  const out = [`**${metric.id}** · ${str(v.title) ?? "(no title)"}`, ""];
  const s = metricStatus(metric, index, today);
  const unit = v.unit;
  const measure = derivedOf(metric);
  if (s.reading.ok)
    out.push(
      `Value: **${formatValue(s.reading.value, unit)}** ${s.reading.source === "measured" ? `measured ${formatDay(s.reading.period.to)}` : periodPhrase(s.reading.period)}`,
    );
  else out.push(`No value: ${s.reading.why}`);
  if (s.target !== undefined)
    out.push(
      `Target: ${formatValue(s.target, unit)}${s.direction ? ` (${s.direction})` : ""}${s.state === "on target" || s.state === "off target" ? ` · **${s.state}**` : ""}`,
    );
  else out.push("Target: none set");
  const every = parseDuration(v.every);
  if (every) out.push(`Period: every ${formatDuration(every)}`);
  if (measure !== undefined)
    out.push(`Derived: \`${measure}\`${DERIVED[measure] ? `, ${DERIVED[measure].doc}` : ""}`);
  if (s.reading.ok && s.reading.source === "derived") out.push(`How: ${s.reading.how}`);
  const next = nextMeasurement(metric, today);
  if (next?.due !== undefined)
    out.push(`Next measurement due: ${formatDay(next.due)} (${relativeDay(next.due, today)})`);
  if (str(v.owner)) out.push(`Owner: ${display(v.owner)}`);
  if (str(v.method)) out.push(`Method: ${display(v.method)}`);
  return out;
}

export const metricLens = (metric: Entry, { index, today }: PresentContext): string =>
  metricLine(metric, index, today);
