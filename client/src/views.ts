// The ISMS activity-bar views: what is overdue or due soon, every open action, the risk register by
// level, and the audit programme. Each asks the server (typed requests) and refreshes when the server says results changed.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  AuditProgrammeRequest,
  DueItemsRequest,
  OpenActionsRequest,
  RiskRegisterRequest,
  type ActionItem,
  type AuditRow,
  type DueItem,
  type FindingRow,
  type RiskRow,
} from "../../server/src/protocol";

type Location = DueItem["location"];

/** A node of any view: a label, its look, children, and where a click goes. */
export interface Node {
  label: string;
  description?: string;
  tooltip?: string;
  icon?: vscode.ThemeIcon;
  children?: Node[];
  location?: Location;
  contextValue?: string;
  /** The due item behind a node of the overdue view. */
  due?: DueItem;
  /** The action behind a node of the actions view. */
  action?: ActionItem;
  /** Children hidden until expanded. */
  collapsed?: boolean;
  /** What a click runs (default: open the location). */
  command?: vscode.Command;
}

export function openCommand(location: Location | undefined): vscode.Command | undefined {
  return location && { title: "Open", command: "isms.openLocation", arguments: [location] };
}

abstract class View implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  client: LanguageClient | undefined;
  roots: Node[] = [];

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    const item = new vscode.TreeItem(
      n.label,
      !n.children?.length
        ? vscode.TreeItemCollapsibleState.None
        : n.collapsed
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.Expanded,
    );
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.iconPath = n.icon;
    item.contextValue = n.contextValue;
    item.command = n.command ?? openCommand(n.location);
    return item;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (n) return n.children ?? [];
    if (!this.client?.isRunning()) return [];
    try {
      this.roots = await this.load(this.client);
    } catch {
      this.roots = [];
    }
    return this.roots;
  }

  protected abstract load(client: LanguageClient): Promise<Node[]>;
}

/** "overdue 43 days", "due in 12 days", "never reviewed". */
export function dueText(i: DueItem): string {
  if (i.due === undefined) return i.kind === "training" ? "never held" : "never reviewed";
  const d = i.daysOverdue ?? 0;
  if (d > 0) return `overdue ${d} day${d === 1 ? "" : "s"}`;
  if (d === 0) return "due today";
  return `due in ${-d} day${d === -1 ? "" : "s"}`;
}

export class DueView extends View {
  overdue = 0;
  onCount: (overdue: number) => void = () => undefined;

  protected async load(client: LanguageClient): Promise<Node[]> {
    const days = vscode.workspace.getConfiguration("isms").get<number>("dueSoonDays") || undefined;
    const items = await client.sendRequest(DueItemsRequest, { dueSoonDays: days });
    this.overdue = items.filter((i) => i.state === "overdue").length;
    this.onCount(this.overdue);
    const groups: Node[] = [];
    // Groups in the server's order of kinds, each with the title the server sends.
    const rank = new Map(items.map((i) => [i.kind, i.kindRank]));
    const kinds = [...rank.keys()].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    for (const kind of kinds) {
      const mine = items.filter((i) => i.kind === kind);
      const late = mine.filter((i) => i.state === "overdue").length;
      groups.push({
        label: mine[0].kindTitle,
        description: late ? `${late} overdue` : `${mine.length} due soon`,
        icon: new vscode.ThemeIcon(late ? "error" : "clock"),
        children: mine.map((i) => ({
          label: `${i.id} ${i.title}`.trim(),
          description: [i.owner, dueText(i)].filter(Boolean).join(" · "),
          tooltip: `${i.kindTitle}: ${i.id} ${i.title}\nOwner: ${i.owner ?? "none"}${i.ownerTitle ? ` (${i.ownerTitle})` : ""}\n${dueText(i)}${i.due ? ` (${i.due})` : ""}`,
          icon:
            i.state === "overdue"
              ? new vscode.ThemeIcon("error", new vscode.ThemeColor("list.errorForeground"))
              : new vscode.ThemeIcon("warning", new vscode.ThemeColor("list.warningForeground")),
          location: i.location,
          contextValue: i.reviewable ? "isms.reviewable" : "isms.due",
          due: i,
        })),
      });
    }
    return groups;
  }
}

/** "overdue 3 days", "due in 12 days", "no due date". */
export function actionDueText(a: ActionItem): string {
  if (a.due === undefined) return "no due date";
  const d = a.daysOverdue ?? 0;
  if (d > 0) return `overdue ${d} day${d === 1 ? "" : "s"}`;
  if (d === 0) return "due today";
  return `due in ${-d} day${d === -1 ? "" : "s"}`;
}

/** Every open corrective action, whatever records it, the most overdue first. */
export class ActionView extends View {
  protected async load(client: LanguageClient): Promise<Node[]> {
    const actions = await client.sendRequest(OpenActionsRequest, {});
    return actions.map((a) => ({
      label: a.description || `Action of ${a.source.id}`,
      description: [a.owner, actionDueText(a)].filter(Boolean).join(" · "),
      tooltip: [
        a.description,
        `${a.source.kind} ${a.source.id}${a.source.title ? `: ${a.source.title}` : ""}`,
        `Owner: ${a.owner ?? "none"}${a.ownerTitle ? ` (${a.ownerTitle})` : ""}`,
        `${actionDueText(a)}${a.due ? ` (${a.due})` : ""}`,
      ]
        .filter(Boolean)
        .join("\n"),
      icon:
        a.state === "overdue"
          ? new vscode.ThemeIcon("error", new vscode.ThemeColor("list.errorForeground"))
          : new vscode.ThemeIcon("circle-large-outline"),
      location: a.location,
      contextValue: "isms.action",
      action: a,
    }));
  }
}

export type RiskFilter = "all" | "above" | "within";

const LEVEL_COLOURS = ["charts.green", "charts.yellow", "charts.orange", "charts.red"];

/** Risks shown per level: a register of tens of thousands stays quick to show (the report has them all). */
export const RISKS_PER_LEVEL = 500;

export class RiskView extends View {
  filter: RiskFilter = "all";

  protected async load(client: LanguageClient): Promise<Node[]> {
    const reg = await client.sendRequest(RiskRegisterRequest, {
      filter: this.filter,
      limitPerLevel: RISKS_PER_LEVEL,
    });
    const colour = (i: number) => LEVEL_COLOURS[Math.max(0, LEVEL_COLOURS.length - (reg.levels.length - i))];
    return reg.levels
      .map((level, i) => ({ level, i }))
      .reverse()
      .filter(({ level }) => level.count > 0)
      .map(({ level, i }) => {
        const mine = reg.risks.filter((r) => (r.currentLevel ?? r.inherentLevel) === level.name);
        const more = level.count - mine.length;
        return {
          label: level.name,
          description: `${level.count} risk${level.count === 1 ? "" : "s"}`,
          icon: new vscode.ThemeIcon("circle-filled", new vscode.ThemeColor(colour(i))),
          children: [
            ...mine.map((r) => riskNode(r, reg.appetite, colour(i))),
            ...(more > 0
              ? [
                  {
                    label: `${more} more`,
                    description: "ISMS: Generate Report... > Risk register lists every risk",
                    icon: new vscode.ThemeIcon("ellipsis"),
                    command: { title: "Generate Report", command: "isms.generateReport" },
                  },
                ]
              : []),
          ],
        };
      });
  }
}

function riskNode(r: RiskRow, appetite: number, colour: string): Node {
  const scores = r.residual !== undefined ? `${r.inherent ?? "?"} → ${r.residual}` : `${r.inherent ?? "?"}`;
  return {
    label: `${r.id} ${r.title}`,
    description: `${scores}${r.aboveAppetite ? (r.accepted ? " · accepted" : " · above appetite") : ""}`,
    tooltip: `${r.id} ${r.title}\nInherent ${r.inherent} (${r.inherentLevel ?? "?"})${r.residual !== undefined ? `, residual ${r.residual} (${r.residualLevel})` : ""}\nAppetite ${appetite}${r.nextReview ? `\nNext review ${r.nextReview}` : ""}`,
    icon: new vscode.ThemeIcon(
      r.aboveAppetite && !r.accepted ? "warning" : "circle-filled",
      new vscode.ThemeColor(colour),
    ),
    location: r.location,
    children: [
      {
        label: "Owner",
        description: r.owner ?? "none",
        icon: new vscode.ThemeIcon("person"),
        location: r.location,
      },
      {
        label: "Treatment",
        description: r.treatment ?? "none",
        icon: new vscode.ThemeIcon("tools"),
        location: r.location,
      },
      {
        label: "Controls",
        description: r.controls.join(", ") || "none",
        icon: new vscode.ThemeIcon("shield"),
        location: r.location,
      },
    ],
  };
}

const AUDIT_ICONS: Record<AuditRow["state"], string> = {
  completed: "pass",
  planned: "calendar",
  "in-progress": "sync",
  overdue: "warning",
  cancelled: "circle-slash",
};

export class AuditView extends View {
  protected async load(client: LanguageClient): Promise<Node[]> {
    const prog = await client.sendRequest(AuditProgrammeRequest, {});
    return prog.audits.map((a) => ({
      label: `${a.id} ${a.title}`,
      description: `${a.state} · ${a.performed ?? a.planned ?? "no date"}`,
      tooltip: `${a.id} ${a.title}\nScope: ${a.scope.join(", ")}\nPlanned ${a.planned ?? "-"}, performed ${a.performed ?? "-"}`,
      icon: new vscode.ThemeIcon(
        AUDIT_ICONS[a.state],
        a.state === "overdue" ? new vscode.ThemeColor("list.warningForeground") : undefined,
      ),
      location: a.location,
      children: a.findings.map(findingNode),
    }));
  }
}

function findingNode(f: FindingRow): Node {
  const a = f.action;
  return {
    label: `${f.id} ${f.title}`,
    description: f.type,
    icon: new vscode.ThemeIcon(f.type === "major-nc" || f.type === "minor-nc" ? "bug" : "lightbulb"),
    location: f.location,
    children: a
      ? [
          {
            label: a.description ?? "Corrective action",
            description: [
              a.owner,
              a.closed ? `closed ${a.closed}` : a.due ? `due ${a.due}` : undefined,
              a.state,
            ]
              .filter(Boolean)
              .join(" · "),
            icon: new vscode.ThemeIcon(
              a.state === "closed" ? "pass-filled" : a.state === "overdue" ? "error" : "circle-large-outline",
              a.state === "overdue" ? new vscode.ThemeColor("list.errorForeground") : undefined,
            ),
            location: f.location,
          },
        ]
      : [],
  };
}
