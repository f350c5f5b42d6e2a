import { defineRule } from "../../../../server/src/core/rules/api";

export default defineRule({
  id: "widget-colourless",
  severity: "information",
  doc: "A widget has no colour. This rule exists only in the tests, to prove a kind's own rules run.",
  fix: "Give the widget a colour.",
  messages: { none: "Widget {{id}} has no colour" },
  entry: {
    kinds: ["widget"],
    check(w, ctx) {
      if (w.value.colour === undefined) ctx.reportEntry(w, "none", { id: w.id ?? "" });
    },
  },
});
