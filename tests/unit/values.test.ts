// Dates, durations, references and the catalogue.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CLAUSES, CONTROLS, CONTROLS_2013 } from "../../server/src/core/catalogue";
import {
  addDuration,
  checkClause,
  checkControl,
  closest,
  covers,
  durationHours,
  editDistance,
  editDistanceWithin,
  formatDay,
  formatDuration,
  parseDay,
  parseDuration,
  parseInstant,
} from "../../server/src/core/values";
import { random } from "../random";

test("catalogue: 93 controls in four themes, 114 mapped 2013 controls, clauses 4-10", () => {
  assert.equal(CONTROLS.length, 93);
  assert.deepEqual(
    ["Organizational", "People", "Physical", "Technological"].map(
      (t) => CONTROLS.filter((c) => c.theme === t).length,
    ),
    [37, 8, 14, 34],
  );
  assert.equal(CONTROLS_2013.size, 114);
  assert.deepEqual(CONTROLS_2013.get("A.9.2.1"), ["A.5.16"]);
  assert.deepEqual(CONTROLS_2013.get("A.18.2.3"), ["A.5.36", "A.8.8"]);
  for (const id of ["6.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"])
    assert.ok(
      CLAUSES.some((c) => c.id === id),
      id,
    );
});

test("dates and durations", () => {
  assert.equal(parseDay("2026-02-30"), undefined);
  assert.equal(formatDay(addDuration(parseDay("2026-01-31")!, parseDuration("1 month")!)), "2026-02-28");
  assert.equal(formatDay(addDuration(parseDay("2024-02-29")!, parseDuration("1 year")!)), "2025-02-28");
  assert.equal(formatDay(addDuration(parseDay("2026-03-01")!, parseDuration("2 weeks")!, -1)), "2026-02-15");
  assert.equal(parseInstant("2026-05-01T10:00+02:00"), Date.UTC(2026, 4, 1, 8));
  assert.equal(parseInstant("2026-05-01T10:00"), Date.UTC(2026, 4, 1, 10));
  assert.equal(parseDuration("12 months")?.n, 12);
  assert.equal(parseDuration("monthly"), undefined);
});

test("durations in minutes (an rto or rpo of '30 minutes'), beside hours, days and the rest", () => {
  assert.deepEqual(parseDuration("30 minutes"), { n: 30, unit: "minutes" });
  assert.deepEqual(parseDuration("1 minute"), { n: 1, unit: "minutes" });
  assert.deepEqual(parseDuration(" 15minutes "), { n: 15, unit: "minutes" });
  assert.deepEqual(parseDuration("4 hours"), { n: 4, unit: "hours" });
  assert.equal(parseDuration("30 mins"), undefined);
  assert.equal(parseDuration("30 min"), undefined);
  assert.equal(parseDuration("-5 minutes"), undefined);
  // At most 100 years in every unit: 52,596,000 minutes is 876,600 hours.
  assert.deepEqual(parseDuration("52596000 minutes"), { n: 52596000, unit: "minutes" });
  assert.equal(parseDuration("52596001 minutes"), undefined);
  assert.equal(formatDuration({ n: 1, unit: "minutes" }), "1 minute");
  assert.equal(formatDuration({ n: 90, unit: "minutes" }), "90 minutes");
  assert.equal(durationHours({ n: 90, unit: "minutes" }), 1.5);
  assert.equal(durationHours({ n: 2, unit: "days" }), 48);
  // A day moves only by whole days: 1439 minutes stays on the day, 2880 minutes is two days.
  const d = parseDay("2026-03-10")!;
  assert.equal(formatDay(addDuration(d, parseDuration("1439 minutes")!)), "2026-03-10");
  assert.equal(formatDay(addDuration(d, parseDuration("2880 minutes")!)), "2026-03-12");
  assert.equal(formatDay(addDuration(d, parseDuration("1440 minutes")!, -1)), "2026-03-09");
  assert.equal(formatDay(addDuration(d, parseDuration("48 hours")!)), "2026-03-12");
});

test("references", () => {
  assert.deepEqual(checkControl("A.8.24"), { ok: true, kind: "control", id: "A.8.24" });
  assert.deepEqual(checkControl("A.12.3.1"), {
    ok: false,
    kind: "control",
    problem: "old",
    data: { names: "A.8.13 Information backup" },
  });
  assert.deepEqual(checkClause("5.3a"), { ok: true, kind: "clause", id: "5.3(a)" });
  assert.equal(checkClause("5.3(c)").ok, false);
  assert.equal(checkClause("11").ok, false);
  assert.ok(covers("9", "9.2.1"));
  assert.ok(covers("5.3", "5.3(a)"));
  assert.ok(covers("A.8", "A.8.24"));
  assert.ok(!covers("A.5.1", "A.5.10"));
  assert.ok(!covers("9.2", "9.3"));
});

/** Levenshtein distance, the textbook table (the oracle of the bounded one). */
function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

test("the nearest candidate is the one a full edit distance to each gives, the first of equals", () => {
  const rnd = random(11);
  const word = () =>
    Array.from({ length: Math.floor(rnd() * 9) }, () => "abAB-01é"[Math.floor(rnd() * 8)]).join("");
  for (let k = 0; k < 400; k++) {
    const w = word();
    const candidates = Array.from({ length: Math.floor(rnd() * 30) }, word);
    let best: string | undefined;
    let distance = Infinity;
    for (const c of candidates) {
      const d = levenshtein(w.toLowerCase(), c.toLowerCase());
      if (d < distance) [best, distance] = [c, d];
    }
    assert.deepEqual(closest(w, candidates), { best, distance }, `${w} among ${candidates.join(",")}`);
    for (const c of candidates.slice(0, 3))
      for (const max of [0, 1, 2, 5]) {
        const d = levenshtein(w, c);
        assert.equal(editDistance(w, c), d);
        const within = editDistanceWithin(w, c, max);
        if (d <= max) assert.equal(within, d);
        else assert.ok(within > max);
      }
  }
});
