import { fieldRange } from "../../../model";
import { defineRule, str } from "../../../rules/api";
import { display, formatDay, parseDay } from "../../../values";
import { meetingState } from "../domain";

export default defineRule({
  id: "meeting-overdue",
  severity: "warning",
  doc: "A meeting's planned date has passed and it has no `held:` date: the management review or forum did not take place as planned, or it was held and not recorded. Management reviews are due at planned intervals (clause 9.3.1), and the meetings the ISMS relies on (security forums, risk committees) are part of how it is run.",
  fix: "Record `held:` with the date it took place (with its inputs, minutes, decisions and actions), or re-plan it with a new `planned:` date; delete a meeting that will not take place.",
  messages: {
    overdue:
      "Meeting {{id}} ({{title}}) was planned for {{planned}} ({{days}} days ago) and is not recorded as held",
  },
  entry: {
    kinds: ["meeting"],
    check(m, ctx) {
      const planned = parseDay(m.value.planned);
      if (planned === undefined || meetingState(m.value, ctx.today) !== "overdue") return;
      ctx.reportEntry(
        m,
        "overdue",
        {
          id: m.id ?? "(no id)",
          title: str(m.value.title) ? display(m.value.title) : "no title",
          planned: formatDay(planned),
          days: ctx.today - planned,
        },
        fieldRange(m, ["planned"]),
      );
    },
  },
});
