import { headerRange } from "../model";
import { validateEntry, validateHeader } from "../schema";
import { didYouMean } from "../values";
import { defineRule } from "./api";

export default defineRule({
  id: "schema",
  severity: "error",
  doc: "A field breaks the format: a required field is missing, a value has the wrong type or is not one of the allowed values, a date or duration is malformed, or a key is unknown (a typo, with a did-you-mean). Also an unknown rule code in the manifest's `rules:`.",
  fix: "Follow the message: add the field, correct the value, or rename the key. The JSON Schemas in schemas/ list every field; hovering a key in the editor shows its doc.",
  messages: {
    missing: "Missing required field {{fields}}",
    missingMany: "Missing required fields {{fields}}",
    missingIn: "Missing required field {{fields}} in {{field}}",
    missingManyIn: "Missing required fields {{fields}} in {{field}}",
    unknownKey: "Unknown key '{{key}}'",
    mergeKey: "Merge keys (<<) are not supported: write the fields out in the entry",
    unknownKeyNear: "Unknown key '{{key}}' (did you mean '{{near}}'?)",
    mustBe: "{{field}} must be {{expected}}",
    mustBeNot: "{{field}} must be {{expected}}, not '{{value}}'",
    oneOf: "{{field}} must be one of {{allowed}}",
    oneOfNear: "{{field}} must be one of {{allowed}} (did you mean '{{near}}'?)",
    notRealDate: "{{field}}: '{{value}}' is not a real {{what}}",
    tooLong: "{{field}}: '{{value}}' is longer than isms accepts (at most 100 years)",
    atLeast: "{{field}} must be at least {{limit}}",
    atMost: "{{field}} must be at most {{limit}}",
    atLeastItems: "{{field}} must have at least {{limit}} items",
    atMostItems: "{{field}} must have at most {{limit}} items",
    invalid: "{{field}} {{problem}}",
    unknownRule: "Unknown rule '{{code}}'",
    unknownRuleNear: "Unknown rule '{{code}}' (did you mean '{{near}}'?)",
  },
  check(ctx) {
    for (const file of ctx.index.files) {
      for (const p of validateHeader(file)) ctx.report(file, p.range, p.messageId, p.data);
      if (file.kind === "isms" && file.header.rules && typeof file.header.rules === "object") {
        for (const code of Object.keys(file.header.rules)) {
          if (ctx.ruleIds.includes(code)) continue;
          const near = didYouMean(code, ctx.ruleIds);
          const at = headerRange(file, "rules", [code], { key: true });
          if (near) ctx.report(file, at, "unknownRuleNear", { code, near });
          else ctx.report(file, at, "unknownRule", { code });
        }
      }
    }
  },
  entry: {
    // Child entries (an audit's findings) are validated with their parent.
    kinds: (info) => info.parent === undefined,
    check(entry, ctx) {
      for (const p of validateEntry(entry)) ctx.report(entry.file, p.range, p.messageId, p.data);
    },
  },
});
