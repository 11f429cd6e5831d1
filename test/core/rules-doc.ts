/** Renders docs/rules.md from the rule registry (the test regenerates the file, or under CI fails when stale). */
import { RULE_CATALOGUE, RuleInfo } from '../../lib/core';

const INTRO = `# Rule reference

<!-- Generated from lib/core/catalogue/rule-registry.ts by test/core/catalogue.test.ts: edit the registry, not this file. -->

Every check the library makes has a stable id. Errors name the id first, then the construct and prop (as you wrote
it in that engine), the value given and what is allowed:

\`\`\`
[SYN-TIER-1] cluster "orders" instanceSize: shared, Flex and Serverless tiers cannot use encryption at rest with
your own key (got "M5"; allowed: a dedicated size, M10 or larger)
\`\`\`

- **synth** rules run in the engine-free core (\`lib/core/rules\`) when a construct is created or validated, in both
  engines, before anything deploys. A value that is still a token (\`\${Token[…]}\`, \`\${TfToken[…]}\`) is not
  failed: the check is recorded as deferred and the deploy-time handler re-runs it on live values.
- **deploy** rules run in the Lambda handler (CloudFormation engine) against live Atlas state.
- **restore** rules are the checks of \`atlas-ear restore-check\`.
- **warning** rules annotate (CDK \`Annotations\`, cdktf console warning) and never fail synth.

Atlas supports customer-key encryption for sharded clusters and for clusters on Google Cloud; this library keeps
replica sets on AWS or Azure as the default (\`SYN-TOPO-1\`, \`SYN-CLOUD-1\`), and a project opts in explicitly with
\`allowShardedClusters\` / \`allowGcpClusters\`; the opt-in is visible in the synthesized output. The key provider
never has to match the cluster's cloud.
`;

function row(cells: string[], widths: number[]): string {
  return `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
}

/** The whole file. */
export function renderRulesDoc(rules: readonly RuleInfo[] = RULE_CATALOGUE): string {
  const header = ['Id', 'Stage', 'Severity', 'Checks'];
  const rows = rules.map((r) => [r.id, r.stage, r.severity, r.summary]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)));
  const table = [
    row(header, widths),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map((x) => row(x, widths)),
  ];
  const notes = rules.filter((r) => r.note).map((r) => `- \`${r.id}\`: ${r.note}`);
  return `${INTRO}\n${table.join('\n')}\n\n## Notes on individual rules\n\n${notes.join('\n')}\n`;
}
